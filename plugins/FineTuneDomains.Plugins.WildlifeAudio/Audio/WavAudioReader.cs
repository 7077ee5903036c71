using FineTuneDomains.Core;
using NAudio.Wave;

namespace FineTuneDomains.Plugins.WildlifeAudio.Audio;

/// <summary>
/// Reads WAV recordings (PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE, any channel count and
/// rate) into mono float waveforms at the model's rate. NAudio parses the RIFF chunks; samples are decoded here
/// so every layout is handled the same way. Anything else (FLAC, Ogg, MP3, AIFF, compressed WAV, truncated or
/// corrupt files) is a <see cref="DataFormatException"/> naming the file and, where possible, the command
/// that converts it.
/// </summary>
internal static class WavAudioReader
{
    private static readonly Guid SubtypePcm = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid SubtypeIeeeFloat = new("00000003-0000-0010-8000-00aa00389b71");

    /// <summary>Extra input samples read on each side of an excerpt so resampling sees real neighbours.</summary>
    private const int ResampleMargin = 256;

    /// <summary>Reads the header only.</summary>
    public static WavFileInfo Probe(string path)
    {
        using var stream = OpenChecked(path);
        using var reader = OpenReader(path, stream);
        return Describe(path, reader, stream, out _);
    }

    /// <summary>Reads (an excerpt of) a recording as mono samples at the requested rate.</summary>
    public static AudioSignal Read(string path, AudioReadOptions? options = null)
    {
        options ??= new AudioReadOptions();
        using var stream = OpenChecked(path);
        using var reader = OpenReader(path, stream);
        var info = Describe(path, reader, stream, out long dataStart);

        if (options.Channel is int ch && (ch < 0 || ch >= info.Channels))
        {
            throw new UserErrorException($"{path}: channel {ch} requested but the file has {info.Channels} channel(s) (0-based).");
        }

        if (options.Offset < 0 || options.Duration is < 0)
        {
            throw new UserErrorException($"{path}: excerpt offset and duration must not be negative.");
        }

        int outRate = options.TargetSampleRate ?? info.SampleRate;
        if (outRate <= 0)
        {
            throw new UserErrorException($"target sample rate must be positive, got {outRate}.");
        }

        // The excerpt on the output grid; samples past the end of the file are zeros (padding).
        long outStart = (long)Math.Round(options.Offset * outRate);
        long outCount = options.Duration is double d
            ? (long)Math.Round(d * outRate)
            : Math.Max(0, (long)Math.Ceiling(info.Frames * (double)outRate / info.SampleRate) - outStart);
        if (outCount > int.MaxValue)
        {
            throw new UserErrorException($"{path}: excerpt of {outCount} samples is too long to hold in memory.");
        }

        if (outRate == info.SampleRate)
        {
            var mono = ReadFrames(path, stream, info, dataStart, options.Channel, outStart, outCount);
            return new AudioSignal(mono, outRate);
        }

        // Input frames needed for the output excerpt, plus the kernel's reach.
        long inFirst = Math.Max(0, (long)Math.Floor(outStart * (double)info.SampleRate / outRate) - ResampleMargin * (long)Math.Max(1, info.SampleRate / outRate));
        long inLast = Math.Min(info.Frames, (long)Math.Ceiling((outStart + outCount) * (double)info.SampleRate / outRate) + ResampleMargin * (long)Math.Max(1, info.SampleRate / outRate));
        var input = ReadFrames(path, stream, info, dataStart, options.Channel, inFirst, Math.Max(0, inLast - inFirst));
        var resampler = new SincResampler(info.SampleRate, outRate);
        return new AudioSignal(resampler.Process(input, inFirst, outStart, (int)outCount), outRate);
    }

    /// <summary>True when the extension says WAV (case-insensitive).</summary>
    public static bool HasWavExtension(string path) =>
        string.Equals(Path.GetExtension(path), ".wav", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(Path.GetExtension(path), ".wave", StringComparison.OrdinalIgnoreCase);

    private static FileStream OpenChecked(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, "file not found");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Span<byte> head = stackalloc byte[12];
            int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            string? problem = SniffForeignFormat(path, head[..n]);
            if (problem is not null)
            {
                throw new DataFormatException(path, problem, 0);
            }

            stream.Position = 0;
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Recognises other audio containers by their magic bytes and says how to convert them.</summary>
    private static string? SniffForeignFormat(string path, ReadOnlySpan<byte> head)
    {
        string name = Path.GetFileName(path);
        string wavName = Path.ChangeExtension(name, ".wav");
        byte[] bytes = head.ToArray();
        bool Starts(string magic) => bytes.Length >= magic.Length && bytes.AsSpan(0, magic.Length).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(magic));

        if (Starts("fLaC"))
        {
            return $"FLAC audio is not read here; convert it to WAV first: sox \"{name}\" -b 16 \"{wavName}\"";
        }

        if (Starts("OggS"))
        {
            return $"Ogg audio is not read here; convert it to WAV first: ffmpeg -i \"{name}\" \"{wavName}\"";
        }

        if (Starts("ID3") || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return $"MP3 audio is not read here; convert it to WAV first: ffmpeg -i \"{name}\" \"{wavName}\"";
        }

        if (Starts("FORM") && head.Length >= 12 && (head[8..12].SequenceEqual("AIFF"u8) || head[8..12].SequenceEqual("AIFC"u8)))
        {
            return $"AIFF audio is not read here; convert it to WAV first: sox \"{name}\" -b 16 \"{wavName}\"";
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return $"MP4/M4A audio is not read here; convert it to WAV first: ffmpeg -i \"{name}\" \"{wavName}\"";
        }

        if (head.Length < 12)
        {
            return $"file is too short to be a WAV file ({head.Length} bytes)";
        }

        if (!(Starts("RIFF") || Starts("RF64")) || !head[8..12].SequenceEqual("WAVE"u8))
        {
            return "not a WAV file (no RIFF/WAVE header)";
        }

        return null;
    }

    private static WaveFileReader OpenReader(string path, Stream stream)
    {
        try
        {
            return new WaveFileReader(stream);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or EndOfStreamException or ArgumentException or OverflowException or InvalidOperationException)
        {
            throw new DataFormatException(path, $"corrupt WAV header: {e.Message}", stream.CanSeek ? stream.Position : null, e);
        }
    }

    private static WavFileInfo Describe(string path, WaveFileReader reader, Stream stream, out long dataStart)
    {
        var format = reader.WaveFormat;
        dataStart = stream.Position; // WaveFileReader leaves the stream at the start of the data chunk
        bool extensible = format.Encoding == WaveFormatEncoding.Extensible;
        WavSampleFormat sampleFormat;
        var encoding = format.Encoding;
        if (extensible)
        {
            var sub = ExtensibleSubFormat(path, format);
            if (sub == SubtypePcm)
            {
                encoding = WaveFormatEncoding.Pcm;
            }
            else if (sub == SubtypeIeeeFloat)
            {
                encoding = WaveFormatEncoding.IeeeFloat;
            }
            else
            {
                throw Unsupported(path, $"WAVE_FORMAT_EXTENSIBLE sub-format {sub}");
            }
        }

        switch (encoding)
        {
            case WaveFormatEncoding.Pcm when format.BitsPerSample is 8 or 16 or 24 or 32:
                sampleFormat = WavSampleFormat.Pcm;
                break;
            case WaveFormatEncoding.IeeeFloat when format.BitsPerSample is 32 or 64:
                sampleFormat = WavSampleFormat.IeeeFloat;
                break;
            case WaveFormatEncoding.Pcm or WaveFormatEncoding.IeeeFloat:
                throw Unsupported(path, $"{encoding} with {format.BitsPerSample} bits per sample");
            default:
                throw Unsupported(path, $"compressed WAV encoding {encoding}");
        }

        if (format.Channels < 1 || format.SampleRate <= 0)
        {
            throw new DataFormatException(path, $"invalid header: {format.Channels} channels at {format.SampleRate} Hz");
        }

        int bytesPerFrame = format.Channels * (format.BitsPerSample / 8);
        if (format.BlockAlign != bytesPerFrame)
        {
            throw new DataFormatException(path, $"invalid header: block align {format.BlockAlign} does not match {format.Channels} channel(s) of {format.BitsPerSample} bits");
        }

        long available = stream.Length - dataStart;
        if (reader.Length > available)
        {
            throw new DataFormatException(path, $"truncated: the data chunk declares {reader.Length} bytes but only {available} follow", stream.Length);
        }

        long frames = reader.Length / bytesPerFrame;
        if (frames == 0)
        {
            throw new DataFormatException(path, "no audio samples in the data chunk", dataStart);
        }

        return new WavFileInfo(sampleFormat, format.BitsPerSample, format.Channels, format.SampleRate, frames, extensible);
    }

    /// <summary>
    /// The sub-format GUID of a WAVE_FORMAT_EXTENSIBLE header. NAudio hands such headers back as
    /// <see cref="WaveFormatExtraData"/> (valid bits: 2 bytes, channel mask: 4, sub-format GUID: 16).
    /// </summary>
    private static Guid ExtensibleSubFormat(string path, WaveFormat format)
    {
        if (format is WaveFormatExtensible ext)
        {
            return ext.SubFormat;
        }

        byte[] extra = format is WaveFormatExtraData data ? data.ExtraData : [];
        if (format.ExtraSize < 22 || extra.Length < 22)
        {
            throw new DataFormatException(path, "corrupt WAV header: WAVE_FORMAT_EXTENSIBLE without its 22-byte extension");
        }

        return new Guid(extra.AsSpan(6, 16));
    }

    private static DataFormatException Unsupported(string path, string what) =>
        new(path, $"{what} is not supported; convert it to 16-bit PCM first: sox \"{Path.GetFileName(path)}\" -b 16 -e signed-integer \"{Path.GetFileNameWithoutExtension(path)}-pcm16.wav\"");

    /// <summary>Frames [first, first+count) as mono; frames outside the file are zeros.</summary>
    private static float[] ReadFrames(string path, Stream stream, WavFileInfo info, long dataStart, int? channel, long first, long count)
    {
        var result = new float[count];
        long from = Math.Clamp(first, 0, info.Frames);
        long to = Math.Clamp(first + count, 0, info.Frames);
        if (to <= from)
        {
            return result;
        }

        int bytesPerSample = info.BitsPerSample / 8;
        int bytesPerFrame = bytesPerSample * info.Channels;
        const int framesPerBlock = 16384;
        var buffer = new byte[framesPerBlock * bytesPerFrame];
        stream.Position = dataStart + from * bytesPerFrame;
        long frame = from;
        while (frame < to)
        {
            int n = (int)Math.Min(framesPerBlock, to - frame);
            int got = stream.ReadAtLeast(buffer.AsSpan(0, n * bytesPerFrame), n * bytesPerFrame, throwOnEndOfStream: false);
            if (got < n * bytesPerFrame)
            {
                throw new DataFormatException(path, "truncated: the file ended inside the audio data", stream.Position);
            }

            for (int f = 0; f < n; f++)
            {
                var frameBytes = buffer.AsSpan(f * bytesPerFrame, bytesPerFrame);
                double value;
                if (channel is int c)
                {
                    value = Decode(frameBytes.Slice(c * bytesPerSample, bytesPerSample), info);
                }
                else
                {
                    double sum = 0;
                    for (int c2 = 0; c2 < info.Channels; c2++)
                    {
                        sum += Decode(frameBytes.Slice(c2 * bytesPerSample, bytesPerSample), info);
                    }

                    value = sum / info.Channels;
                }

                result[frame - first + f] = (float)value;
            }

            frame += n;
        }

        return result;
    }

    private static double Decode(ReadOnlySpan<byte> b, WavFileInfo info)
    {
        if (info.SampleFormat == WavSampleFormat.IeeeFloat)
        {
            double v = info.BitsPerSample == 32
                ? BitConverter.ToSingle(b)
                : BitConverter.ToDouble(b);
            return double.IsFinite(v) ? v : 0.0; // NaN/Inf in a float file would poison every feature
        }

        return info.BitsPerSample switch
        {
            8 => (b[0] - 128) / 128.0,
            16 => BitConverter.ToInt16(b) / 32768.0,
            24 => ((b[0] | (b[1] << 8) | (b[2] << 16)) << 8 >> 8) / 8388608.0,
            _ => BitConverter.ToInt32(b) / 2147483648.0,
        };
    }
}
