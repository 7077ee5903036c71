using System.Text;
using FineTuneDomains.Plugins.CtDicom.Dicom;

namespace FineTuneDomains.Plugins.CtDicom.Tests;

public sealed class CharacterSetTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "ftd-ct-charset-" + Guid.NewGuid().ToString("N") + ".dcm");

    static CharacterSetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData("ISO_IR 100", "iso-8859-1", "Müller^Jörg")]
    [InlineData("ISO 2022 IR 100", "iso-8859-1", "Ærø^Åse")]
    [InlineData("ISO_IR 101", "iso-8859-2", "Wałęsa^Łukasz")]
    [InlineData("ISO_IR 144", "iso-8859-5", "Иванов^Пётр")]
    [InlineData("ISO_IR 126", "iso-8859-7", "Παπαδόπουλος^Νίκος")]
    [InlineData("ISO_IR 192", "utf-8", "山田^太郎")]
    [InlineData("GB18030", "gb18030", "王^小明")]
    [InlineData(null, "iso-8859-1", "Plain^Ascii")]
    public void GetString_SpecificCharacterSet_DecodesNamesInItemsToo(string? charset, string encoding, string name)
    {
        var raw = Encoding.GetEncoding(encoding).GetBytes(name);
        var item = new DicomWriter().AddRaw(DicomTag.PatientName, "PN", raw);
        var w = new DicomWriter().AddRaw(DicomTag.PatientName, "PN", raw).AddSequence(new DicomTag(0x0008, 0x1140), [item]);
        if (charset is not null) w.Add(DicomTag.SpecificCharacterSet, "CS", charset);
        File.WriteAllBytes(_path, w.ToPart10("1.2.3", "1.2.3.4"));
        var ds = DicomFile.Open(_path).Dataset;
        Assert.Equal(name, ds.GetString(DicomTag.PatientName));
        Assert.Equal(name, ds.GetSequence(new DicomTag(0x0008, 0x1140))[0].GetString(DicomTag.PatientName));
    }
}
