namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>The in-memory type of stored pixel values (from Bits Allocated and Pixel Representation).</summary>
public enum PixelDataType
{
    UInt8,
    Int8,
    UInt16,
    Int16,
    UInt32,
    Int32,
}
