namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>Position of one item of encapsulated pixel data in the source (the offset table is item 0).</summary>
internal readonly record struct DicomFragment(long Offset, int Length);
