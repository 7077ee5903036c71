using Microsoft.Win32.SafeHandles;

namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// Random-access bytes a data set is parsed from: a file (re-opened on demand so pixel data can be read
/// lazily after parsing) or an in-memory buffer (the inflated body of a deflated file).
/// </summary>
internal abstract class ByteSource
{
    public abstract long Length { get; }

    /// <summary>Reads exactly dest.Length bytes at position (the caller has checked the range).</summary>
    public abstract void ReadAt(long position, Span<byte> dest);

    public byte[] ReadArray(long position, int count)
    {
        var a = new byte[count];
        ReadAt(position, a);
        return a;
    }
}

internal sealed class FileByteSource : ByteSource, IDisposable
{
    private readonly string _path;
    private SafeFileHandle? _handle;
    private readonly long _length;

    public FileByteSource(string path)
    {
        _path = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        _length = RandomAccess.GetLength(_handle);
    }

    public override long Length => _length;

    public override void ReadAt(long position, Span<byte> dest)
    {
        if (_handle is null)
        {
            using var h = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
            ReadFully(h, position, dest);
        }
        else ReadFully(_handle, position, dest);
    }

    private void ReadFully(SafeFileHandle h, long position, Span<byte> dest)
    {
        while (dest.Length > 0)
        {
            int n = RandomAccess.Read(h, dest, position);
            if (n <= 0) throw new EndOfStreamException($"{_path} ended early (changed since it was opened?)");
            dest = dest[n..];
            position += n;
        }
    }

    /// <summary>Closes the handle kept open while parsing; later reads open the file again.</summary>
    public void Dispose()
    {
        _handle?.Dispose();
        _handle = null;
    }
}

internal sealed class MemoryByteSource(byte[] data) : ByteSource
{
    public override long Length => data.Length;

    public override void ReadAt(long position, Span<byte> dest) => data.AsSpan((int)position, dest.Length).CopyTo(dest);
}
