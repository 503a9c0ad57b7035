#!/usr/bin/env python3
"""Writes the hand-made seeds of fuzz_http2connection into corpus/http2connection/seed-*.

Each seed is the target's input: one mode byte (mode & 3: 0 the bytes as they are, 1 after a client
preface with empty SETTINGS, 2 after a preface whose SETTINGS the next bytes give; bit 2 small
limits; bit 3 the client reads everything), then HTTP/2 frames. HPACK fields are literals without
indexing, so no encoder library is needed. Run it again after changing a seed."""
import os
import struct

MAGIC = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM, ACK, END_HEADERS, PADDED = 0x1, 0x1, 0x4, 0x8
AUTH = [(b"authorization", b"Bearer fuzz")]


def integer(value, prefix_bits, first=0):
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first | value])
    out = [first | limit]
    value -= limit
    while value >= 128:
        out.append(value % 128 + 128)
        value //= 128
    out.append(value)
    return bytes(out)


def hpack(fields):
    out = b""
    for name, value in fields:
        out += b"\x00" + integer(len(name), 7) + name + integer(len(value), 7) + value
    return out


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def request(stream, method, path, extra=(), end_stream=True):
    fields = [(b":method", method), (b":scheme", b"https"), (b":path", path), (b":authority", b"localhost")]
    return frame(HEADERS, END_HEADERS | (END_STREAM if end_stream else 0), stream, hpack(fields + list(extra)))


def preface_setting(identifier, value):
    """One SETTINGS entry of a mode-2 preface: the target reads 1 + byte % 6 as the identifier."""
    return bytes([identifier - 1]) + struct.pack(">I", value)


def settings(*pairs):
    return frame(SETTINGS, 0, 0, b"".join(struct.pack(">HI", k, v) for k, v in pairs))


SEEDS = {
    # An authenticated GET and an unauthenticated one, after a plain preface.
    "get": bytes([1 | 8]) + request(1, b"GET", b"/api/v1/namespaces", AUTH) + request(3, b"GET", b"/denied"),
    # The whole connection in the input: preface, SETTINGS, its ACK, a request.
    "raw-preface": bytes([0 | 8]) + MAGIC + settings((3, 100), (4, 65535)) + frame(SETTINGS, ACK, 0)
    + request(1, b"GET", b"/version", AUTH),
    # A body in DATA frames (one padded), then a body from a client without credentials.
    "post-body": bytes([2 | 8, 2]) + preface_setting(4, 1 << 20) + preface_setting(5, 16384)
    + request(1, b"POST", b"/apis/x/v1/cvcs", AUTH + [(b"content-type", b"application/json")], end_stream=False)
    + frame(DATA, 0, 1, b'{"spec":') + frame(DATA, PADDED | END_STREAM, 1, b"\x03{}}" + b"\x00" * 3)
    + request(3, b"POST", b"/apis/x/v1/cvcs", end_stream=False) + frame(DATA, END_STREAM, 3, b"x" * 3000),
    # A body over the small limits, declared and undeclared.
    "body-limits": bytes([1 | 4 | 8]) + request(1, b"PUT", b"/a", AUTH + [(b"content-length", b"99999")], False)
    + frame(DATA, END_STREAM, 1, b"y" * 100) + request(3, b"PUT", b"/b", AUTH, False)
    + frame(DATA, 0, 3, b"z" * 4000) + frame(DATA, END_STREAM, 3, b"z" * 4000),
    # A head split over CONTINUATION frames, and one that is too large for the small limits.
    "continuation": bytes([1 | 4 | 8]) + frame(HEADERS, END_STREAM, 1, hpack([(b":method", b"GET"), (b":scheme", b"https")]))
    + frame(CONTINUATION, END_HEADERS, 1, hpack([(b":path", b"/x"), (b":authority", b"h")] + AUTH))
    + request(3, b"GET", b"/big-head", AUTH + [(b"x-filler", b"f" * 600)]),
    # Trailers after the body: fields that arrive after the head was authenticated.
    "trailers": bytes([1 | 8]) + request(1, b"POST", b"/t", AUTH, end_stream=False) + frame(DATA, 0, 1, b"body")
    + frame(HEADERS, END_HEADERS | END_STREAM, 1, hpack([(b"impersonate-user", b"system:admin")])),
    # Streams opened and reset at once, beyond the small limits' reset budget.
    "rapid-reset": bytes([1 | 4 | 8]) + b"".join(
        request(i, b"GET", b"/hang", AUTH) + frame(RST_STREAM, 0, i, struct.pack(">I", 8)) for i in range(1, 40, 2)),
    # More streams than the cap, left open.
    "stream-cap": bytes([1 | 4 | 8]) + b"".join(request(i, b"GET", b"/hang", AUTH) for i in range(1, 20, 2)),
    # A watch the client never reads, with a tiny window: the socket budget holds the server.
    "watch-unread": bytes([2, 1]) + preface_setting(4, 16)
    + request(1, b"GET", b"/watch?watch=1", AUTH) + request(3, b"GET", b"/watch?end=1", AUTH)
    + frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", 0x7fff0000)),
    # A watch the client reads and then cancels; PINGs, PRIORITY and a GOAWAY from the client.
    "watch-cancel": bytes([1 | 8]) + request(1, b"GET", b"/watch", AUTH)
    + frame(WINDOW_UPDATE, 0, 1, struct.pack(">I", 1 << 20)) + frame(PING, 0, 0, b"12345678")
    + frame(PRIORITY, 0, 1, struct.pack(">IB", 0, 16)) + frame(RST_STREAM, 0, 1, struct.pack(">I", 8))
    + frame(GOAWAY, 0, 0, struct.pack(">II", 0, 0)),
    # Many PINGs and SETTINGS that need an answer each while the client reads nothing.
    "ping-flood": bytes([1]) + b"".join(frame(PING, 0, 0, struct.pack(">Q", i)) + settings() for i in range(600)),
    # Garbage after a good request: a frame on stream 0 that needs a stream, a push from the client.
    "protocol-errors": bytes([1 | 8]) + request(1, b"GET", b"/ok", AUTH) + frame(DATA, 0, 0, b"x")
    + frame(PUSH_PROMISE, END_HEADERS, 1, struct.pack(">I", 2)),
}

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "http2connection")
os.makedirs(here, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(here, "seed-" + name), "wb") as out:
        out.write(data)
