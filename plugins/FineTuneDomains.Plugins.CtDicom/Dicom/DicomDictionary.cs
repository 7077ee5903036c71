namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>
/// The part of the DICOM data dictionary this reader needs: VRs for Implicit VR files (above all, which
/// tags are sequences) and keywords for dumps. Tags not listed read as UN (or SQ with undefined length).
/// </summary>
internal static class DicomDictionary
{
    private static readonly Dictionary<uint, (string VR, string Keyword)> Entries = Build();

    public static string? VROf(DicomTag tag)
    {
        if (tag.Element == 0) return "UL"; // group length
        if (tag.IsPrivate && tag.Element is >= 0x10 and <= 0xFF) return "LO"; // private creator
        if (tag.Group is >= 0x6000 and <= 0x60FF and not 0x6000 && (tag.Group & 1) == 0)
            return VROf(new DicomTag(0x6000, tag.Element)); // repeating overlay groups
        return Entries.TryGetValue(tag.Value, out var e) ? e.VR : null;
    }

    public static string KeywordOf(DicomTag tag)
    {
        if (tag.Element == 0) return "GroupLength";
        if (tag.IsPrivate) return tag.Element is >= 0x10 and <= 0xFF ? "PrivateCreator" : "PrivateTag";
        return Entries.TryGetValue(tag.Value, out var e) ? e.Keyword : "Unknown";
    }

    private static Dictionary<uint, (string, string)> Build()
    {
        const string table = """
            00020001 OB FileMetaInformationVersion
            00020002 UI MediaStorageSOPClassUID
            00020003 UI MediaStorageSOPInstanceUID
            00020010 UI TransferSyntaxUID
            00020012 UI ImplementationClassUID
            00020013 SH ImplementationVersionName
            00020016 AE SourceApplicationEntityTitle
            00080005 CS SpecificCharacterSet
            00080008 CS ImageType
            00080012 DA InstanceCreationDate
            00080013 TM InstanceCreationTime
            00080016 UI SOPClassUID
            00080018 UI SOPInstanceUID
            00080020 DA StudyDate
            00080021 DA SeriesDate
            00080022 DA AcquisitionDate
            00080023 DA ContentDate
            00080030 TM StudyTime
            00080031 TM SeriesTime
            00080032 TM AcquisitionTime
            00080033 TM ContentTime
            00080050 SH AccessionNumber
            00080060 CS Modality
            00080064 CS ConversionType
            00080070 LO Manufacturer
            00080080 LO InstitutionName
            00080090 PN ReferringPhysicianName
            00080100 SH CodeValue
            00080102 SH CodingSchemeDesignator
            00080104 LO CodeMeaning
            00081030 LO StudyDescription
            0008103E LO SeriesDescription
            00081090 LO ManufacturerModelName
            00081140 SQ ReferencedImageSequence
            00081150 UI ReferencedSOPClassUID
            00081155 UI ReferencedSOPInstanceUID
            00082111 ST DerivationDescription
            00082112 SQ SourceImageSequence
            00089215 SQ DerivationCodeSequence
            00100010 PN PatientName
            00100020 LO PatientID
            00100030 DA PatientBirthDate
            00100040 CS PatientSex
            00101010 AS PatientAge
            00104000 LT PatientComments
            00180015 CS BodyPartExamined
            00180050 DS SliceThickness
            00180060 DS KVP
            00180088 DS SpacingBetweenSlices
            00181020 LO SoftwareVersions
            00181063 DS FrameTime
            00181030 LO ProtocolName
            00181150 IS ExposureTime
            00181151 IS XRayTubeCurrent
            00181152 IS Exposure
            00181210 SH ConvolutionKernel
            00185100 CS PatientPosition
            0020000D UI StudyInstanceUID
            0020000E UI SeriesInstanceUID
            00200010 SH StudyID
            00200011 IS SeriesNumber
            00200012 IS AcquisitionNumber
            00200013 IS InstanceNumber
            00200020 CS PatientOrientation
            00200032 DS ImagePositionPatient
            00200037 DS ImageOrientationPatient
            00200052 UI FrameOfReferenceUID
            00201040 LO PositionReferenceIndicator
            00201041 DS SliceLocation
            00204000 LT ImageComments
            00280002 US SamplesPerPixel
            00280004 CS PhotometricInterpretation
            00280006 US PlanarConfiguration
            00280008 IS NumberOfFrames
            00280009 AT FrameIncrementPointer
            00280010 US Rows
            00280011 US Columns
            00280030 DS PixelSpacing
            00280034 IS PixelAspectRatio
            00280100 US BitsAllocated
            00280101 US BitsStored
            00280102 US HighBit
            00280103 US PixelRepresentation
            00280106 US SmallestImagePixelValue
            00280107 US LargestImagePixelValue
            00280120 US PixelPaddingValue
            00280301 CS BurnedInAnnotation
            00281050 DS WindowCenter
            00281051 DS WindowWidth
            00281052 DS RescaleIntercept
            00281053 DS RescaleSlope
            00281054 LO RescaleType
            00281055 LO WindowCenterWidthExplanation
            00282110 CS LossyImageCompression
            00283000 SQ ModalityLUTSequence
            00283010 SQ VOILUTSequence
            00400275 SQ RequestAttributesSequence
            00409096 SQ RealWorldValueMappingSequence
            00540016 SQ RadiopharmaceuticalInformationSequence
            00540220 SQ ViewCodeSequence
            52009229 SQ SharedFunctionalGroupsSequence
            52009230 SQ PerFrameFunctionalGroupsSequence
            00209113 SQ PlanePositionSequence
            00209116 SQ PlaneOrientationSequence
            00289110 SQ PixelMeasuresSequence
            00289145 SQ PixelValueTransformationSequence
            00289132 SQ FrameVOILUTSequence
            60000010 US OverlayRows
            60000011 US OverlayColumns
            60000040 CS OverlayType
            60000050 SS OverlayOrigin
            60000100 US OverlayBitsAllocated
            60000102 US OverlayBitPosition
            60003000 OW OverlayData
            7FE00008 OF FloatPixelData
            7FE00009 OD DoubleFloatPixelData
            7FE00010 OW PixelData
            FFFAFFFA SQ DigitalSignaturesSequence
            FFFCFFFC OB DataSetTrailingPadding
            """;
        var d = new Dictionary<uint, (string, string)>();
        foreach (var line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var p = line.Split(' ');
            d[Convert.ToUInt32(p[0], 16)] = (p[1], p[2]);
        }
        return d;
    }
}
