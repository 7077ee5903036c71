using NAudio.Wave;

namespace FineTuneDomains.Plugins.WildlifeAudio.Audio;

/// <summary>Writes mono 16-bit PCM WAV files (what field recorders produce and every tool reads).</summary>
internal static class WavAudioWriter
{
    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var pcm = new short[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(Math.Round(samples[i] * 32767.0), short.MinValue, short.MaxValue);
        }

        var bytes = new byte[pcm.Length * 2];
        Buffer.BlockCopy(pcm, 0, bytes, 0, bytes.Length);
        string temp = path + ".tmp";
        using (var writer = new WaveFileWriter(temp, new WaveFormat(sampleRate, 16, 1)))
        {
            writer.Write(bytes, 0, bytes.Length);
        }

        File.Move(temp, path, overwrite: true);
    }
}
