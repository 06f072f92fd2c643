#!/usr/bin/env python3
"""A tiny MCP server on stdio (standard library only), for the tour in docs/plugins.md: it keeps notes in
notes.md in its working directory, which Talon makes the tenant's workspace, inside the tenant's sandbox.
One JSON-RPC message per line in, one per line out; stdout is the protocol's, so nothing else is printed there."""
import json
import sys

TOOLS = [
    {"name": "add_note", "description": "Add a line to the notes",
     "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
     "annotations": {"readOnlyHint": False, "destructiveHint": False, "idempotentHint": False}},
    {"name": "read_notes", "description": "Read all notes",
     "inputSchema": {"type": "object", "properties": {}},
     "annotations": {"readOnlyHint": True}},
]


def call(name, args):
    if name == "add_note":
        with open("notes.md", "a", encoding="utf-8") as notes:
            notes.write("- " + str(args.get("text", "")) + "\n")
        return "added"
    if name == "read_notes":
        try:
            with open("notes.md", encoding="utf-8") as notes:
                return notes.read() or "(no notes)"
        except FileNotFoundError:
            return "(no notes)"
    raise KeyError(name)


def answer(request):
    method, params = request.get("method"), request.get("params") or {}
    if method == "initialize":
        return {"protocolVersion": params.get("protocolVersion", "2025-06-18"),
                "capabilities": {"tools": {}}, "serverInfo": {"name": "notes", "version": "1.0"}}
    if method == "ping":
        return {}
    if method == "tools/list":
        return {"tools": TOOLS}
    if method == "tools/call":
        try:
            text = call(params.get("name"), params.get("arguments") or {})
            return {"content": [{"type": "text", "text": text}], "isError": False}
        except KeyError:
            return {"content": [{"type": "text", "text": "no such tool"}], "isError": True}
    raise LookupError(method)


for line in sys.stdin:
    if not line.strip():
        continue
    message = json.loads(line)
    if "id" not in message or "method" not in message:
        continue  # a notification, or an answer to a request this server never sends
    try:
        reply = {"jsonrpc": "2.0", "id": message["id"], "result": answer(message)}
    except LookupError:
        reply = {"jsonrpc": "2.0", "id": message["id"],
                 "error": {"code": -32601, "message": "method not found: " + str(message.get("method"))}}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
