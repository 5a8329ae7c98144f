"""The Teams side: the aiohttp app, the Bot Framework adapter, handlers and the command line."""
