using System.Buffers.Binary;
using System.IO.Compression;

namespace Agroal.Actors.Protocol;

/// <summary>
/// Unicode data for SASLprep, decoded once on first use. The process runs in invariant globalization
/// mode, where <see cref="string.Normalize()"/> does nothing beyond ASCII, so NFKC is done here.
/// </summary>
internal static partial class SaslPrepTables
{
    private static readonly Lazy<Data> Loaded = new(Load);

    public static Data Tables => Loaded.Value;

    private static Data Load()
    {
        using var input = new MemoryStream(Convert.FromBase64String(CompressedData));
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        deflate.CopyTo(output);
        var reader = new SectionReader(output.ToArray());

        var combiningClasses = reader.Next();
        var decompositionValues = reader.Next();
        var decompositions = new Dictionary<int, int[]>();
        for (var i = 0; i < decompositionValues.Length;)
        {
            var codePoint = decompositionValues[i];
            var length = decompositionValues[i + 1];
            decompositions[codePoint] = decompositionValues[(i + 2)..(i + 2 + length)];
            i += 2 + length;
        }

        var compositionValues = reader.Next();
        var compositions = new Dictionary<long, int>(compositionValues.Length / 3);
        for (var i = 0; i < compositionValues.Length; i += 3)
        {
            compositions[PairKey(compositionValues[i], compositionValues[i + 1])] = compositionValues[i + 2];
        }

        return new Data(
            combiningClasses, decompositions, compositions,
            nonAsciiSpaces: reader.Next(), mappedToNothing: reader.Next(), prohibited: reader.Next(),
            unassigned: reader.Next(), randAl: reader.Next(), leftToRight: reader.Next());
    }

    public static long PairKey(int first, int second) => ((long)first << 21) | (uint)second;

    /// <summary>Binary search over [start, end] pairs (or [start, end, value] triples when <paramref name="stride"/> is 3).</summary>
    public static int FindRange(int[] ranges, int codePoint, int stride)
    {
        int low = 0, high = (ranges.Length / stride) - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var start = ranges[middle * stride];
            var end = ranges[(middle * stride) + 1];
            if (codePoint < start)
            {
                high = middle - 1;
            }
            else if (codePoint > end)
            {
                low = middle + 1;
            }
            else
            {
                return middle * stride;
            }
        }

        return -1;
    }

    internal sealed class Data(
        int[] combiningClasses,
        Dictionary<int, int[]> decompositions,
        Dictionary<long, int> compositions,
        int[] nonAsciiSpaces,
        int[] mappedToNothing,
        int[] prohibited,
        int[] unassigned,
        int[] randAl,
        int[] leftToRight)
    {
        public Dictionary<int, int[]> Decompositions { get; } = decompositions;

        public Dictionary<long, int> Compositions { get; } = compositions;

        public int CombiningClass(int codePoint)
        {
            var at = FindRange(combiningClasses, codePoint, 3);
            return at < 0 ? 0 : combiningClasses[at + 2];
        }

        public bool IsNonAsciiSpace(int codePoint) => FindRange(nonAsciiSpaces, codePoint, 2) >= 0;

        public bool IsMappedToNothing(int codePoint) => FindRange(mappedToNothing, codePoint, 2) >= 0;

        public bool IsProhibited(int codePoint) => FindRange(prohibited, codePoint, 2) >= 0;

        public bool IsUnassigned(int codePoint) => FindRange(unassigned, codePoint, 2) >= 0;

        public bool IsRandAl(int codePoint) => FindRange(randAl, codePoint, 2) >= 0;

        public bool IsLeftToRight(int codePoint) => FindRange(leftToRight, codePoint, 2) >= 0;
    }

    private ref struct SectionReader(byte[] bytes)
    {
        private int _offset;

        public int[] Next()
        {
            var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(_offset));
            _offset += 4;
            var values = new int[count];
            for (var i = 0; i < count; i++, _offset += 4)
            {
                values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(_offset));
            }

            return values;
        }
    }
}
