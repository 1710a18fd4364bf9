"""The HTTP API: thin typed routes over the planner, the rules, the network and the store."""
