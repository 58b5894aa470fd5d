using SkiaSharp;

namespace Bittensor.Sim.Tests.Output;

/// <summary>What the chart specs check in a PNG file: its signature, its size and that something legible was drawn.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts the PNG signature and the IHDR's width and height (big-endian at bytes 16 and 20).</summary>
    public static void AssertValid(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 24, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>
    /// Near-black pixels in the top <paramref name="rows"/> rows, where only the title is drawn: text there means the
    /// font was found (a missing font leaves the PNG without any text, and no error).
    /// </summary>
    public static int DarkPixelsAtTop(string path, int rows = 40)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var dark = 0;
        for (var y = 0; y < Math.Min(rows, bitmap.Height); y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                if (pixel.Red < 100 && pixel.Green < 100 && pixel.Blue < 100) dark++;
            }
        return dark;
    }

    /// <summary>How many distinct colours the image uses: a blank canvas has one.</summary>
    public static int DistinctColours(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 2)
            for (var x = 0; x < bitmap.Width; x += 2) colours.Add((uint)bitmap.GetPixel(x, y));
        return colours.Count;
    }
}
