using System.Runtime.InteropServices;
using System.Text;

namespace SslFlow.Domain.Names;

/// <summary>
/// The few ICU C functions the name rules need: UTS 46 processing with the IDNA2008 checks (uidna_*), script extensions
/// (UTS 39 needs the Script_Extensions property, which .NET does not expose), general category and character names.
/// ICU is loaded directly rather than through <see cref="System.Globalization.IdnMapping"/>: the build keeps
/// InvariantGlobalization on (no culture-dependent behaviour anywhere else), ICU reports which check failed (bidi,
/// CONTEXTJ/CONTEXTO, disallowed, bad Punycode) so the refusal can say why, and the script data comes from the same
/// Unicode version as the mapping. ICU's exported names carry its major version (<c>uidna_openUTS46_72</c>), so the
/// library and the suffix are probed. Without ICU, <see cref="IsAvailable"/> is false and non-ASCII names are refused.
/// </summary>
internal static class Icu
{
    // uidna.h options and error bits.
    public const uint UseStd3Rules = 0x2, CheckBidi = 0x4, CheckContextJ = 0x8, NontransitionalToAscii = 0x10, NontransitionalToUnicode = 0x20, CheckContextO = 0x40;

    [Flags]
    public enum IdnaErrors : uint
    {
        None = 0,
        EmptyLabel = 0x1,
        LabelTooLong = 0x2,
        DomainNameTooLong = 0x4,
        LeadingHyphen = 0x8,
        TrailingHyphen = 0x10,
        Hyphen34 = 0x20,
        LeadingCombiningMark = 0x40,
        Disallowed = 0x80,
        Punycode = 0x100,
        LabelHasDot = 0x200,
        InvalidAceLabel = 0x400,
        Bidi = 0x800,
        ContextJ = 0x1000,
        ContextOPunctuation = 0x2000,
        ContextODigits = 0x4000,
    }

    // uchar.h general categories used here (UCharCategory).
    public const int Unassigned = 0, LowercaseLetter = 2, ModifierLetter = 4, OtherLetter = 5, NonSpacingMark = 6, SpacingMark = 8, DecimalDigit = 9;
    public const int Control = 15, Format = 16, PrivateUse = 17, Surrogate = 18;
    public const int ScriptCommon = 0, ScriptInherited = 1;
    private const int PropertyBidiControl = 2, PropertyDefaultIgnorable = 5;

    [StructLayout(LayoutKind.Sequential)]
    private struct IdnaInfo
    {
        public short Size;
        public byte IsTransitionalDifferent;
        public byte ReservedB3;
        public uint Errors;
        public int ReservedI2;
        public int ReservedI3;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr OpenUts46(uint options, ref int error);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Unicode)]
    private delegate int IdnaConvert(IntPtr idna, [MarshalAs(UnmanagedType.LPWStr)] string src, int length, [Out] char[] dest, int capacity, ref IdnaInfo info, ref int error);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int ScriptExtensions(int c, [Out] int[] scripts, int capacity, ref int error);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate sbyte CharType(int c);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate sbyte HasBinaryProperty(int c, int property);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int CharName(int c, int choice, [Out] byte[] buffer, int length, ref int error);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ScriptNameFn(int script);

    private sealed record Api(IntPtr Idna, IdnaConvert NameToAscii, IdnaConvert LabelToAscii, IdnaConvert LabelToUnicode, ScriptExtensions Scripts,
        CharType Type, HasBinaryProperty Binary, CharName Name, ScriptNameFn ScriptName);

    private static readonly Lazy<Api?> Loaded = new(Load);

    public static bool IsAvailable => Loaded.Value is not null;

    private static Api Get() => Loaded.Value ?? throw new PlatformNotSupportedException("ICU (libicuuc) was not found; internationalised names cannot be checked.");

    /// <summary>UTS 46 ToASCII of a whole name (nontransitional, STD3, bidi, CONTEXTJ and CONTEXTO checks).</summary>
    public static (string Ascii, IdnaErrors Errors) NameToAscii(string name) => Run(Get().NameToAscii, name);

    public static (string Ascii, IdnaErrors Errors) LabelToAscii(string label) => Run(Get().LabelToAscii, label);

    public static (string Unicode, IdnaErrors Errors) LabelToUnicode(string label) => Run(Get().LabelToUnicode, label);

    private static (string, IdnaErrors) Run(IdnaConvert convert, string input)
    {
        var api = Get();
        var capacity = Math.Max(64, input.Length * 4 + 16);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var dest = new char[capacity];
            var info = new IdnaInfo { Size = (short)Marshal.SizeOf<IdnaInfo>() };
            var error = 0;
            var length = convert(api.Idna, input, input.Length, dest, dest.Length, ref info, ref error);
            if (error == 15 /* U_BUFFER_OVERFLOW_ERROR */) { capacity = length + 1; continue; }
            if (error > 0) return ("", IdnaErrors.Disallowed);
            return (new string(dest, 0, length), (IdnaErrors)info.Errors);
        }
        return ("", IdnaErrors.DomainNameTooLong);
    }

    /// <summary>The code point's Script_Extensions (one script for most; Common/Inherited for shared characters).</summary>
    public static int[] ScriptsOf(int codePoint)
    {
        var buffer = new int[32];
        var error = 0;
        var count = Get().Scripts(codePoint, buffer, buffer.Length, ref error);
        return error > 0 ? [ScriptCommon] : buffer[..count];
    }

    public static int CategoryOf(int codePoint) => Get().Type(codePoint);

    public static bool IsDefaultIgnorable(int codePoint) => Get().Binary(codePoint, PropertyDefaultIgnorable) != 0;

    public static bool IsBidiControl(int codePoint) => Get().Binary(codePoint, PropertyBidiControl) != 0;

    /// <summary>"U+0430 CYRILLIC SMALL LETTER A" (or the category when the character has no name).</summary>
    public static string Describe(int codePoint)
    {
        var buffer = new byte[128];
        var error = 0;
        var length = Get().Name(codePoint, 0 /* U_UNICODE_CHAR_NAME */, buffer, buffer.Length, ref error);
        var name = error <= 0 && length > 0 ? Encoding.ASCII.GetString(buffer, 0, length) : CategoryName(CategoryOf(codePoint));
        return $"U+{codePoint:X4} {name}";
    }

    public static string ScriptName(int script) => Marshal.PtrToStringAnsi(Get().ScriptName(script)) ?? $"script {script}";

    private static string CategoryName(int category) => category switch
    {
        Unassigned => "(unassigned)",
        Control => "(control character)",
        Format => "(format character)",
        PrivateUse => "(private use)",
        Surrogate => "(surrogate)",
        _ => $"(category {category})",
    };

    private static Api? Load()
    {
        foreach (var (path, suffix) in Candidates())
        {
            if (!NativeLibrary.TryLoad(path, out var handle)) continue;
            T? Fn<T>(string name) where T : Delegate =>
                NativeLibrary.TryGetExport(handle, name + suffix, out var p) ? Marshal.GetDelegateForFunctionPointer<T>(p) : null;
            var open = Fn<OpenUts46>("uidna_openUTS46");
            if (open is null) continue;
            var error = 0;
            var idna = open(UseStd3Rules | CheckBidi | CheckContextJ | CheckContextO | NontransitionalToAscii | NontransitionalToUnicode, ref error);
            if (error > 0 || idna == IntPtr.Zero) continue;
            var api = new Api(idna, Fn<IdnaConvert>("uidna_nameToASCII")!, Fn<IdnaConvert>("uidna_labelToASCII")!, Fn<IdnaConvert>("uidna_labelToUnicode")!,
                Fn<ScriptExtensions>("uscript_getScriptExtensions")!, Fn<CharType>("u_charType")!, Fn<HasBinaryProperty>("u_hasBinaryProperty")!,
                Fn<CharName>("u_charName")!, Fn<ScriptNameFn>("uscript_getName")!);
            if (api.NameToAscii is null || api.LabelToAscii is null || api.LabelToUnicode is null || api.Scripts is null || api.Type is null
                || api.Binary is null || api.Name is null || api.ScriptName is null) continue;
            return api; // the UIDNA object lives as long as the process
        }
        return null;
    }

    private static IEnumerable<(string Path, string Suffix)> Candidates()
    {
        if (OperatingSystem.IsWindows())
        {
            yield return ("icu.dll", ""); // Windows 10 1903+ ships ICU with unversioned exports
            yield return ("icuuc.dll", "");
            yield break;
        }
        if (OperatingSystem.IsMacOS())
        {
            yield return ("libicucore.dylib", "");
            yield break;
        }
        for (var version = 90; version >= 50; version--) yield return ($"libicuuc.so.{version}", $"_{version}");
        yield return ("libicuuc.so", "");
    }
}
