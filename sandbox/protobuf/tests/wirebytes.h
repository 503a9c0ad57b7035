#pragma once

#include <QByteArray>

// Protobuf wire bytes written by hand, so tests check field numbers and the envelope against the
// Kubernetes definitions rather than against our own .proto files.
namespace wirebytes {

inline QByteArray varint(quint64 value)
{
    QByteArray out;
    do {
        char byte = char(value & 0x7f);
        value >>= 7;
        if (value)
            byte = char(byte | 0x80);
        out.append(byte);
    } while (value);
    return out;
}

// A length-delimited field (strings, bytes, messages, map entries).
inline QByteArray bytes(int number, const QByteArray &payload)
{
    return varint(quint64(number) << 3 | 2) + varint(quint64(payload.size())) + payload;
}

inline QByteArray integer(int number, quint64 value)
{
    return varint(quint64(number) << 3) + varint(value);
}

// One map<string, V> entry: key is field 1, value field 2.
inline QByteArray mapEntry(int number, const QByteArray &key, const QByteArray &value)
{
    return bytes(number, bytes(1, key) + bytes(2, value));
}

// "k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw, contentEncoding "", contentType ""} as Go writes it.
inline QByteArray envelope(const QByteArray &apiVersion, const QByteArray &kind, const QByteArray &raw)
{
    return QByteArrayLiteral("k8s\0") + bytes(1, bytes(1, apiVersion) + bytes(2, kind)) + bytes(2, raw) + bytes(3, {})
        + bytes(4, {});
}

} // namespace wirebytes
