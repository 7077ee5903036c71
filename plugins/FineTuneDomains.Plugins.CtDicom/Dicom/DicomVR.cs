namespace FineTuneDomains.Plugins.CtDicom.Dicom;

/// <summary>Facts about value representations that decide how an element is encoded and read.</summary>
internal static class DicomVR
{
    /// <summary>Explicit VRs with a 2-byte reserved field and a 4-byte length.</summary>
    public static bool HasLongLength(string vr) => vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ"
        or "UC" or "UN" or "UR" or "UT" or "SV" or "UV";

    public static bool IsKnown(string vr) => vr is "AE" or "AS" or "AT" or "CS" or "DA" or "DS" or "DT" or "FL"
        or "FD" or "IS" or "LO" or "LT" or "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "PN" or "SH" or "SL"
        or "SQ" or "SS" or "ST" or "SV" or "TM" or "UC" or "UI" or "UL" or "UN" or "UR" or "US" or "UT" or "UV";

    /// <summary>String VRs; their values are text split at backslashes (except the single-valued ones).</summary>
    public static bool IsString(string vr) => vr is "AE" or "AS" or "CS" or "DA" or "DS" or "DT" or "IS" or "LO"
        or "LT" or "PN" or "SH" or "ST" or "TM" or "UC" or "UI" or "UR" or "UT";

    /// <summary>String VRs that may hold characters outside the default repertoire.</summary>
    public static bool UsesCharacterSet(string vr) => vr is "LO" or "LT" or "PN" or "SH" or "ST" or "UC" or "UT";

    /// <summary>Text VRs that are one value even when they contain backslashes.</summary>
    public static bool IsSingleValuedText(string vr) => vr is "LT" or "ST" or "UT" or "UR";

    /// <summary>Size of one binary value, or 0 for VRs that are not fixed-size numbers.</summary>
    public static int BinarySize(string vr) => vr switch
    {
        "US" or "SS" or "OW" => 2,
        "UL" or "SL" or "FL" or "OF" or "OL" or "AT" => 4,
        "FD" or "OD" or "SV" or "UV" or "OV" => 8,
        _ => 0,
    };
}
