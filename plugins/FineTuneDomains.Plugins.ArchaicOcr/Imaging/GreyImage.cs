using FineTuneDomains.Core;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FineTuneDomains.Plugins.ArchaicOcr.Imaging;

/// <summary>
/// An 8-bit greyscale image as a plain row-major byte array (0 = black ink, 255 = white paper). The line
/// operations (masking, rotation, binarisation) work on this so that they are simple, exact and testable.
/// </summary>
internal sealed class GreyImage
{
    public GreyImage(int width, int height, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} is empty.");
        }

        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[checked(width * height)];
        if (Pixels.Length != width * height)
        {
            throw new ArgumentException("Pixel count does not match the size.", nameof(pixels));
        }
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixels, <c>Pixels[y * Width + x]</c>.</summary>
    public byte[] Pixels { get; }

    public byte this[int x, int y]
    {
        get => Pixels[(y * Width) + x];
        set => Pixels[(y * Width) + x] = value;
    }

    /// <summary>Reads PNG, JPEG, TIFF, BMP or GIF in any pixel format and converts it to grey (ITU-R BT.709 luminance).
    /// Unreadable files become a <see cref="DataFormatException"/> naming the file.</summary>
    public static GreyImage Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, "image file does not exist");
        }

        try
        {
            using var image = Image.Load<L8>(path);
            return FromImage(image);
        }
        catch (UnknownImageFormatException)
        {
            throw new DataFormatException(path, "not an image in a format we read (PNG, JPEG, TIFF, BMP, GIF)");
        }
        catch (Exception e) when (e is InvalidImageContentException or ImageFormatException or NotSupportedException or InvalidDataException)
        {
            throw new DataFormatException(path, $"image cannot be decoded: {e.Message}");
        }
    }

    /// <summary>Copies an ImageSharp image.</summary>
    public static GreyImage FromImage(Image<L8> image)
    {
        var result = new GreyImage(image.Width, image.Height);
        image.CopyPixelDataTo(result.Pixels);
        return result;
    }

    /// <summary>Copies into an ImageSharp image (caller disposes).</summary>
    public Image<L8> ToImage() => Image.LoadPixelData<L8>(Pixels, Width, Height);

    /// <summary>Saves as PNG.</summary>
    public void SavePng(string path)
    {
        using var image = ToImage();
        image.SaveAsPng(path);
    }

    /// <summary>Resizes to exactly the given size (bicubic, as ImageSharp's default resampler).</summary>
    public GreyImage Resize(int width, int height)
    {
        if (width == Width && height == Height)
        {
            return new GreyImage(width, height, (byte[])Pixels.Clone());
        }

        using var image = ToImage();
        image.Mutate(x => x.Resize(width, height));
        return FromImage(image);
    }

    /// <summary>Bilinear sample at a real position; outside the image returns <paramref name="outside"/>.</summary>
    public double Sample(double x, double y, double outside = 255)
    {
        if (x < -0.5 || y < -0.5 || x > Width - 0.5 || y > Height - 0.5)
        {
            return outside;
        }

        var cx = Math.Clamp(x, 0, Width - 1);
        var cy = Math.Clamp(y, 0, Height - 1);
        var x0 = (int)Math.Floor(cx);
        var y0 = (int)Math.Floor(cy);
        var x1 = Math.Min(x0 + 1, Width - 1);
        var y1 = Math.Min(y0 + 1, Height - 1);
        var fx = cx - x0;
        var fy = cy - y0;
        var top = (this[x0, y0] * (1 - fx)) + (this[x1, y0] * fx);
        var bottom = (this[x0, y1] * (1 - fx)) + (this[x1, y1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    /// <summary>Rotates about the centre so that the source direction at <paramref name="degrees"/> (measured in image
    /// coordinates, y pointing down, i.e. <c>atan2(dy, dx)</c> of a text line) becomes horizontal: passing a line's
    /// measured angle levels it. The canvas grows to hold the whole image; uncovered pixels are white.</summary>
    public GreyImage Rotate(double degrees)
    {
        if (Math.Abs(degrees) < 1e-9)
        {
            return new GreyImage(Width, Height, (byte[])Pixels.Clone());
        }

        var rad = degrees * Math.PI / 180;
        var cos = Math.Cos(rad);
        var sin = Math.Sin(rad);
        var newWidth = Math.Max(1, (int)Math.Ceiling((Math.Abs(Width * cos) + Math.Abs(Height * sin)) - 1e-6));
        var newHeight = Math.Max(1, (int)Math.Ceiling((Math.Abs(Width * sin) + Math.Abs(Height * cos)) - 1e-6));
        var result = new GreyImage(newWidth, newHeight);
        var cx = Width / 2.0;
        var cy = Height / 2.0;
        var ncx = newWidth / 2.0;
        var ncy = newHeight / 2.0;
        for (var y = 0; y < newHeight; y++)
        {
            for (var x = 0; x < newWidth; x++)
            {
                // Inverse mapping: output pixel centre -> source position.
                var dx = x + 0.5 - ncx;
                var dy = y + 0.5 - ncy;
                var sx = (cos * dx) - (sin * dy) + cx - 0.5;
                var sy = (sin * dx) + (cos * dy) + cy - 0.5;
                result[x, y] = (byte)Math.Round(Sample(sx, sy));
            }
        }

        return result;
    }
}
