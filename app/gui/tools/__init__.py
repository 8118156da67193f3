"""MCP tools in the window: Settings ▸ Tools (:mod:`.tools_dialog`) and the question asked
before each call (:mod:`.consent`)."""
