"""Use cases: one function each, taking a unit of work, the policy and the day it is."""
