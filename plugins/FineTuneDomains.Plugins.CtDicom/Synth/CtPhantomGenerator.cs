using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using FineTuneDomains.Core.Data;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Synth;

/// <summary>
/// Deterministic synthetic chest/upper-abdomen CT phantoms: body outline with fat, muscle, lungs with vessels,
/// heart, aorta, liver, spleen, kidneys, spine and ribs at realistic HU, partial-volume blur and noise, and
/// optional spherical lesions (lung nodules, liver lesions) of varied size and contrast as the label. Written
/// as real CT Image Storage series (Explicit VR LE, int16 stored, Rescale Intercept −1024) with a manifest.
/// </summary>
public sealed class CtPhantomGenerator(CtSynthOptions options)
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string LesionLabel = "lesion";
    public const string NormalLabel = "normal";

    private readonly CtSynthOptions _o = options;

    /// <summary>Whether subject n has a lesion: a fixed share of subjects, spread over the set.</summary>
    public bool HasLesion(int subject)
    {
        int withLesion = (int)Math.Round(_o.LesionFraction * _o.Series);
        if (_o.Series >= 2 && _o.LesionFraction is > 0 and < 1) withLesion = Math.Clamp(withLesion, 1, _o.Series - 1);
        // Interleave: subjects sorted by a seeded shuffle; the first withLesion of them get one.
        var order = Enumerable.Range(0, _o.Series).OrderBy(i => Hash64($"order/{_o.Seed}/{i}")).ToList();
        return order.IndexOf(subject) < withLesion;
    }

    /// <summary>Generates subject n's volume.</summary>
    public CtPhantomVolume Generate(int subject)
    {
        _o.Validate();
        var rng = new Random(unchecked(_o.Seed * 1000003 + subject * 7919 + 17));
        int n = _o.Size, ns = _o.SlicesPerSeries;
        double ps = _o.FieldOfView / n;
        double U(double lo, double hi) => lo + rng.NextDouble() * (hi - lo);

        // Subject anatomy (mm, x to patient left = image right, y to posterior = image down).
        double a = U(140, 170), b = U(100, 125), fat = U(8, 22);
        double lungScale = U(0.85, 1.1), liverScale = U(0.85, 1.15), diaphragm = U(0.38, 0.55);
        double spineY = b * U(0.55, 0.65);
        var vessels = Enumerable.Range(0, rng.Next(8, 16)).Select(_ => (X: U(-0.8, 0.8), Y: U(-0.7, 0.7), R: U(1.2, 3.2), Dx: U(-0.3, 0.3), Dy: U(-0.3, 0.3))).ToArray();
        var ribAngles = Enumerable.Range(0, 10).Select(i => Math.PI * (0.1 + 0.8 * i / 9.0) + U(-0.05, 0.05)).ToArray();

        var z = new double[ns];
        for (int k = 0; k < ns; k++) z[k] = (k - (ns - 1) / 2.0) * _o.SliceThickness;

        double T(int k) => ns == 1 ? 0.5 : (double)k / (ns - 1); // 0 = caudal (abdomen), 1 = cranial (chest)

        // Tissue HU at (x, y) mm on the slice at height t, without lesion.
        double Anatomy(double x, double y, double t)
        {
            double lungAmount = Math.Clamp((t - diaphragm) / 0.25, 0, 1);
            double liverAmount = Math.Clamp((diaphragm + 0.15 - t) / 0.3, 0, 1);
            double E(double cx, double cy, double rx, double ry) => (x - cx) * (x - cx) / (rx * rx) + (y - cy) * (y - cy) / (ry * ry);
            if (E(0, 0, a, b) > 1) return -1000;
            double hu = -100; // subcutaneous fat
            if (E(0, 0, a - fat, b - fat) <= 1) hu = 50; // muscle wall
            double ia = a - fat - 10, ib = b - fat - 10;
            if (E(0, 0, ia, ib) <= 1) hu = lungAmount > 0.3 ? -60 : 25; // mediastinal fat / abdominal content
            // Ribs along the inner wall in the chest.
            if (t > diaphragm - 0.15)
                foreach (var ang in ribAngles)
                {
                    double rx = (ia + 4) * Math.Cos(ang + Math.PI), ry = (ib + 4) * Math.Sin(ang + Math.PI) * -1;
                    double d = E(rx, ry, 6, 4);
                    if (d <= 1) hu = d > 0.45 ? 850 : 300;
                }
            // Lungs with vessels.
            if (lungAmount > 0)
                for (int side = -1; side <= 1; side += 2)
                {
                    double cx = side * ia * 0.5, cy = -ib * 0.05;
                    double rx = ia * 0.42 * lungScale * Math.Sqrt(lungAmount), ry = ib * 0.75 * lungScale * Math.Sqrt(lungAmount);
                    if (E(cx, cy, rx, ry) <= 1)
                    {
                        hu = -860;
                        foreach (var v in vessels)
                        {
                            double vx = cx + rx * (v.X + v.Dx * t), vy = cy + ry * (v.Y + v.Dy * t);
                            if ((x - vx) * (x - vx) + (y - vy) * (y - vy) <= v.R * v.R) hu = 40;
                        }
                    }
                }
            // Heart in the chest.
            if (lungAmount > 0.2 && E(ia * 0.08, -ib * 0.2, ia * 0.28, ib * 0.35) <= 1) hu = 45;
            // Liver, spleen, kidneys in the abdomen.
            if (liverAmount > 0 && E(-ia * 0.4, ib * 0.02, ia * 0.55 * liverScale * Math.Sqrt(liverAmount), ib * 0.62 * Math.Sqrt(liverAmount)) <= 1) hu = 60;
            if (liverAmount > 0.4 && E(ia * 0.6, ib * 0.25, ia * 0.2, ib * 0.3) <= 1) hu = 48;
            if (liverAmount > 0.8)
                for (int side = -1; side <= 1; side += 2)
                    if (E(side * ia * 0.33, spineY - 8, 22, 30) <= 1) hu = 32;
            // Great vessels (contrast-enhanced).
            if (E(ia * 0.12, spineY - 30, 11, 11) <= 1) hu = 180;
            if (E(-ia * 0.14, spineY - 32, 12, 10) <= 1) hu = 120;
            // Spine: cortical ring, cancellous body, canal, spinous process.
            double vb = E(0, spineY, 19, 17);
            if (vb <= 1) hu = vb > 0.7 ? 750 : 230;
            if (E(0, spineY + 28, 8, 8) <= 1) hu = 15;
            else if (E(0, spineY + 40, 5, 9) <= 1) hu = 600;
            return hu;
        }
        static bool IsOrgan(string organ, double hu) => organ == "lung" ? hu < -700 : hu == 60;

        // A lesion sits inside its organ: its centre and four points at 0.7 r around it are organ tissue.
        CtLesion? lesion = null;
        if (HasLesion(subject))
        {
            string organ = rng.NextDouble() < 0.5 ? "lung" : "liver";
            for (int attempt = 0; attempt < 400 && lesion is null; attempt++)
            {
                if (attempt == 200) organ = organ == "lung" ? "liver" : "lung";
                double r = U(5, 18);
                int k = rng.Next(ns);
                double x = U(-a, a), y = U(-b, b), t = T(k);
                bool inside = IsOrgan(organ, Anatomy(x, y, t));
                for (int q = 0; q < 4 && inside; q++)
                    inside = IsOrgan(organ, Anatomy(x + 0.7 * r * Math.Cos(q * Math.PI / 2), y + 0.7 * r * Math.Sin(q * Math.PI / 2), t));
                if (!inside) continue;
                double hu = organ == "lung" ? U(-50, 60) : rng.NextDouble() < 0.6 ? U(0, 35) : U(95, 140); // liver: hypo- or hyperdense
                lesion = new CtLesion(x, y, z[k], r, organ, hu);
            }
        }

        var slices = new float[ns][];
        var inSlice = new bool[ns];
        var tmp = new float[n * n];
        for (int k = 0; k < ns; k++)
        {
            double t = T(k);
            double lesionR2 = lesion is null ? -1 : lesion.Radius * lesion.Radius - (z[k] - lesion.Z) * (z[k] - lesion.Z);
            int lesionPixels = 0;
            for (int row = 0; row < n; row++)
            {
                double y = (row + 0.5) * ps - _o.FieldOfView / 2;
                for (int col = 0; col < n; col++)
                {
                    double x = (col + 0.5) * ps - _o.FieldOfView / 2;
                    double hu = Anatomy(x, y, t);
                    // Lesion with a 1 mm partial-volume shell, only where its organ is.
                    if (lesion is not null && lesionR2 > 0 && IsOrgan(lesion.Organ, hu))
                    {
                        double rr = Math.Sqrt(lesionR2), d = Math.Sqrt((x - lesion.X) * (x - lesion.X) + (y - lesion.Y) * (y - lesion.Y));
                        double w = Math.Clamp((rr - d) / ps + 0.5, 0, 1);
                        if (w >= 0.5) lesionPixels++;
                        hu = hu * (1 - w) + lesion.HU * w;
                    }
                    tmp[row * n + col] = (float)hu;
                }
            }
            // The label says what is visible: at least 3 pixels of lesion on this slice.
            inSlice[k] = lesionPixels >= 3;
            var blurred = Blur(tmp, n);
            for (int i = 0; i < blurred.Length; i++) blurred[i] += (float)(Gaussian(rng) * _o.NoiseHU);
            slices[k] = blurred;
        }
        return new CtPhantomVolume(slices, n, ps, z, inSlice, lesion);
    }

    /// <summary>Writes every subject as a DICOM series (series_NNN/slice_NNN.dcm) and a manifest.json with one item per slice.</summary>
    public DatasetManifest WriteDataset(string outDir)
    {
        _o.Validate();
        Directory.CreateDirectory(outDir);
        var items = new List<ManifestItem>();
        for (int s = 0; s < _o.Series; s++)
        {
            var vol = Generate(s);
            string split = SplitOf(s);
            // A lesion too small to show on any slice (tiny images) does not make the series positive.
            string seriesLabel = vol.LesionInSlice.Any(x => x) ? LesionLabel : NormalLabel;
            var dir = Path.Combine(outDir, $"series_{s:000}");
            Directory.CreateDirectory(dir);
            var seriesUid = Uid($"series/{s}");
            for (int k = 0; k < vol.Slices.Length; k++)
            {
                var rel = $"series_{s:000}/slice_{k:000}.dcm";
                var path = Path.Combine(outDir, rel);
                File.WriteAllBytes(path, EncodeSlice(vol, s, k, seriesUid));
                items.Add(new ManifestItem
                {
                    Path = rel,
                    Labels = [vol.LesionInSlice[k] ? LesionLabel : NormalLabel],
                    Split = split,
                    Sha256 = DatasetManifest.HashFile(path),
                    Meta = new Dictionary<string, string>
                    {
                        ["series"] = seriesUid,
                        ["subject"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["slice"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["series_label"] = seriesLabel,
                    },
                });
            }
        }
        var manifest = new DatasetManifest
        {
            Name = "ct-synth",
            Plugin = "ct-dicom",
            Licence = "CC0-1.0 (synthetic)",
            Provenance = $"ftd ct-dicom synth --seed {_o.Seed} --series {_o.Series} --slices {_o.SlicesPerSeries} --size {_o.Size}",
            Seed = _o.Seed,
            Classes = [LesionLabel, NormalLabel],
            Items = items,
        };
        return manifest.Save(Path.Combine(outDir, "manifest.json"));
    }

    /// <summary>
    /// Subjects go to train/val/test as 60/20/20, stratified: subjects with and without a lesion alternate in the
    /// seeded order, so val and test see both labels whenever there are enough subjects.
    /// </summary>
    public string SplitOf(int subject)
    {
        int nVal = Math.Max(_o.Series >= 5 ? 1 : 0, (int)Math.Round(_o.Series * 0.2));
        int nTest = nVal;
        var byHash = Enumerable.Range(0, _o.Series).OrderBy(i => Hash64($"split/{_o.Seed}/{i}")).ToList();
        var lesion = byHash.Where(HasLesion).ToList();
        var normal = byHash.Where(i => !HasLesion(i)).ToList();
        var order = new List<int>();
        for (int i = 0; i < Math.Max(lesion.Count, normal.Count); i++)
        {
            if (i < lesion.Count) order.Add(lesion[i]);
            if (i < normal.Count) order.Add(normal[i]);
        }
        int pos = order.IndexOf(subject);
        return pos < nVal ? "val" : pos < nVal + nTest ? "test" : "train";
    }

    internal byte[] EncodeSlice(CtPhantomVolume vol, int subject, int k, string seriesUid)
    {
        int n = vol.Size;
        double origin = -_o.FieldOfView / 2 + vol.PixelSpacing / 2;
        var pixels = new byte[n * n * 2];
        var src = vol.Slices[k];
        for (int i = 0; i < src.Length; i++)
        {
            int stored = (int)Math.Round(Math.Clamp(src[i], -1024f, 3071f)) + 1024;
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(i * 2), (short)stored);
        }
        var sop = Uid($"sop/{subject}/{k}");
        var w = new DicomWriter()
            .Add(DicomTag.SpecificCharacterSet, "CS", "ISO_IR 192")
            .Add(DicomTag.ImageType, "CS", @"ORIGINAL\PRIMARY\AXIAL")
            .Add(DicomTag.SOPClassUID, "UI", CtImageStorage)
            .Add(DicomTag.SOPInstanceUID, "UI", sop)
            .Add(DicomTag.StudyDate, "DA", "20260101")
            .Add(new DicomTag(0x0008, 0x0030), "TM", "120000")
            .Add(new DicomTag(0x0008, 0x0050), "SH", $"SYN{_o.Seed:0000}{subject:0000}")
            .Add(DicomTag.Modality, "CS", "CT")
            .Add(new DicomTag(0x0008, 0x0070), "LO", "FineTuneDomains synthetic phantom")
            .Add(new DicomTag(0x0008, 0x0090), "PN", "")
            .Add(DicomTag.StudyDescription, "LO", "Synthetic chest/abdomen CT")
            .Add(DicomTag.SeriesDescription, "LO", $"Phantom {subject} axial {_o.SliceThickness:0.##} mm")
            .Add(DicomTag.PatientName, "PN", $"Phantom^{_o.Seed}-{subject}")
            .Add(DicomTag.PatientID, "LO", $"PH{_o.Seed}-{subject}")
            .Add(new DicomTag(0x0010, 0x0030), "DA", "")
            .Add(new DicomTag(0x0010, 0x0040), "CS", "O")
            .Add(new DicomTag(0x0018, 0x0015), "CS", "CHEST")
            .Add(DicomTag.SliceThickness, "DS", _o.SliceThickness)
            .Add(DicomTag.KVP, "DS", 120)
            .Add(new DicomTag(0x0018, 0x0088), "DS", _o.SliceThickness)
            .Add(new DicomTag(0x0018, 0x5100), "CS", "HFS")
            .Add(DicomTag.StudyInstanceUID, "UI", Uid($"study/{subject}"))
            .Add(DicomTag.SeriesInstanceUID, "UI", seriesUid)
            .Add(new DicomTag(0x0020, 0x0010), "SH", $"{subject}")
            .Add(DicomTag.SeriesNumber, "IS", 1)
            .Add(new DicomTag(0x0020, 0x0012), "IS", 1)
            .Add(DicomTag.InstanceNumber, "IS", k + 1)
            .Add(new DicomTag(0x0020, 0x0020), "CS", @"L\P")
            .Add(DicomTag.ImagePositionPatient, "DS", origin, origin, vol.SliceZ[k])
            .Add(DicomTag.ImageOrientationPatient, "DS", 1, 0, 0, 0, 1, 0)
            .Add(DicomTag.FrameOfReferenceUID, "UI", Uid($"for/{subject}"))
            .Add(new DicomTag(0x0020, 0x1040), "LO", "")
            .Add(DicomTag.SliceLocation, "DS", vol.SliceZ[k])
            .Add(DicomTag.SamplesPerPixel, "US", 1)
            .Add(DicomTag.PhotometricInterpretation, "CS", "MONOCHROME2")
            .Add(DicomTag.Rows, "US", n)
            .Add(DicomTag.Columns, "US", n)
            .Add(DicomTag.PixelSpacing, "DS", vol.PixelSpacing, vol.PixelSpacing)
            .Add(DicomTag.BitsAllocated, "US", 16)
            .Add(DicomTag.BitsStored, "US", 16)
            .Add(DicomTag.HighBit, "US", 15)
            .Add(DicomTag.PixelRepresentation, "US", 1)
            .Add(DicomTag.WindowCenter, "DS", 40, -600)
            .Add(DicomTag.WindowWidth, "DS", 400, 1500)
            .Add(DicomTag.RescaleIntercept, "DS", -1024)
            .Add(DicomTag.RescaleSlope, "DS", 1)
            .Add(DicomTag.RescaleType, "LO", "HU")
            .AddRaw(DicomTag.PixelData, "OW", pixels);
        return w.ToPart10(CtImageStorage, sop);
    }

    /// <summary>A deterministic UID under 2.25 (a UUID-derived integer) from the seed and a key.</summary>
    internal string Uid(string key)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes($"ftd-ct-synth/{_o.Seed}/{key}"));
        h[6] = (byte)((h[6] & 0x0F) | 0x40); // RFC 4122 version 4 layout, as 2.25 UIDs are UUIDs
        h[8] = (byte)((h[8] & 0x3F) | 0x80);
        var v = new BigInteger(h.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long Hash64(string s) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(s)), 0);

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Separable [1 2 1]/4 blur: the partial-volume softening of a real reconstruction.</summary>
    private static float[] Blur(float[] src, int n)
    {
        var h = new float[src.Length];
        var r = new float[src.Length];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                int i = y * n + x;
                float l = src[x > 0 ? i - 1 : i], c = src[i], rr = src[x < n - 1 ? i + 1 : i];
                h[i] = (l + 2 * c + rr) * 0.25f;
            }
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                int i = y * n + x;
                float u = h[y > 0 ? i - n : i], c = h[i], d = h[y < n - 1 ? i + n : i];
                r[i] = (u + 2 * c + d) * 0.25f;
            }
        return r;
    }
}
