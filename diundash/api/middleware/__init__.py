"""The falcon middleware every request passes, in the order ``create_app``
lists it: timing and ids, the request target and its Host, the connection,
the body's size, then the answer's headers and who is asking."""
