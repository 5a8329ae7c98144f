"""The pure domain: rules and values that need no database, no network and no clock."""
