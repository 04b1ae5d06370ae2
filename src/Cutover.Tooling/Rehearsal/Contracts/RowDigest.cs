using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Cutover.Rehearsal.Contracts;

/// <summary>
/// Digests of every row of a result, so that results too large to keep can still be compared.
/// The multiset digest is the sum, modulo 2^256, of the SHA-256 of each row: it does not depend
/// on row order and needs no sorting (a sorted hash would need every row in memory, which is what
/// the bound avoids). The ordered digest is one SHA-256 over the rows in result order.
/// </summary>
internal sealed class RowDigest : IDisposable
{
    private readonly IncrementalHash _ordered = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _encoded = new();
    private readonly ulong[] _sum = new ulong[4];

    public void Add(string?[] row)
    {
        _encoded.ResetWrittenCount();
        Encode(row, _encoded);
        _ordered.AppendData(_encoded.WrittenSpan);

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_encoded.WrittenSpan, hash);
        ulong carry = 0;
        for (var limb = 0; limb < 4; limb++)
        {
            var add = BinaryPrimitives.ReadUInt64LittleEndian(hash[(limb * 8)..]);
            var sum = _sum[limb] + add;
            var overflow = sum < add ? 1UL : 0UL;
            sum += carry;
            overflow |= sum < carry ? 1UL : 0UL;
            _sum[limb] = sum;
            carry = overflow;
        }
    }

    /// <summary>Lower-case hex of the order-insensitive digest.</summary>
    public string Multiset()
    {
        Span<byte> bytes = stackalloc byte[32];
        for (var limb = 0; limb < 4; limb++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[(limb * 8)..], _sum[limb]);
        }
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Lower-case hex of the order-sensitive digest; call once.</summary>
    public string Ordered() => Convert.ToHexStringLower(_ordered.GetHashAndReset());

    public void Dispose() => _ordered.Dispose();

    /// <summary>Each value as a marker byte (0 NULL, 1 text), then its UTF-8 length and bytes, so no two rows share an encoding.</summary>
    private static void Encode(string?[] row, ArrayBufferWriter<byte> output)
    {
        foreach (var value in row)
        {
            if (value is null)
            {
                output.GetSpan(1)[0] = 0;
                output.Advance(1);
                continue;
            }
            var length = Encoding.UTF8.GetByteCount(value);
            var span = output.GetSpan(5 + length);
            span[0] = 1;
            BinaryPrimitives.WriteInt32LittleEndian(span[1..], length);
            Encoding.UTF8.GetBytes(value, span[5..]);
            output.Advance(5 + length);
        }
    }
}
