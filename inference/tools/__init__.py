"""Tools the model may call, from MCP servers the user configured (config: the settings file;
host: the servers running and the calls to them)."""
