using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SslFlow.Domain.Names;

namespace SslFlow.Domain.Tests.Names;

public class DomainNameProperties
{
    private static readonly DomainNameOptions Wild = new(AllowWildcard: true);

    private static readonly Gen<char> LdhChar = Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".ToCharArray());
    private static readonly Gen<char> AnyChar = Gen.Elements("abcXYZ019-_.*é ü😀\u00df\u0130".ToCharArray().Concat("-.".ToCharArray()).ToArray());

    private static readonly Gen<string> Label =
        from length in Gen.Choose(1, 70)
        from chars in Gen.ArrayOf(LdhChar, length)
        select new string(chars);

    private static readonly Gen<string> Tld = Gen.Elements("com", "org", "co.uk", "de", "io", "jp", "ck", "github.io", "notatld", "local", "test");

    private static readonly Gen<string> Name =
        from count in Gen.Choose(0, 5)
        from labels in Gen.ArrayOf(Label, count)
        from tld in Tld
        from wildcard in Gen.Elements(false, false, true)
        from trailingDot in Gen.Elements(false, true)
        select (wildcard ? "*." : "") + string.Join("", labels.Select(l => l + ".")) + tld + (trailingDot ? "." : "");

    private static readonly Gen<string> Junk =
        from length in Gen.Choose(0, 40)
        from chars in Gen.ArrayOf(AnyChar, length)
        select new string(chars);

    private static readonly Arbitrary<string> Names = Gen.OneOf(Name, Name, Junk).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Output_is_always_valid_ldh_within_limits() => Prop.ForAll(Names, input =>
    {
        var result = DomainNames.Normalise(input, Wild);
        if (!result.IsValid) return !string.IsNullOrWhiteSpace(result.Error) && result.Name is null;
        var name = result.Name!;
        var labels = (result.IsWildcard ? name[2..] : name).Split('.');
        return name.Length <= 253
            && labels.Length >= 2
            && !name.EndsWith('.')
            && labels.All(l => l.Length is >= 1 and <= 63 && l.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && l[0] != '-' && l[^1] != '-')
            && !name[(result.IsWildcard ? 2 : 0)..].Contains('*');
    });

    [Property(MaxTest = 500)]
    public Property Normalisation_is_idempotent() => Prop.ForAll(Names, input =>
    {
        var once = DomainNames.Normalise(input, Wild);
        if (!once.IsValid) return true;
        var twice = DomainNames.Normalise(once.Name, Wild);
        return twice.IsValid && twice.Name == once.Name && twice.IsWildcard == once.IsWildcard;
    });

    [Property(MaxTest = 300)]
    public Property Case_and_trailing_dot_do_not_matter() => Prop.ForAll(Names, input =>
    {
        var a = DomainNames.Normalise(input, Wild);
        var b = DomainNames.Normalise(input.ToUpperInvariant().TrimEnd('.') + ".", Wild);
        return !a.IsValid || (b.IsValid && a.Name == b.Name);
    });

    [Property(MaxTest = 300)]
    public Property Wildcards_are_refused_without_the_option_and_only_leftmost_with_it() => Prop.ForAll(Names, input =>
    {
        var without = DomainNames.Normalise(input);
        var with = DomainNames.Normalise(input, Wild);
        var noWildcardOutput = !without.IsValid || !without.Name!.Contains('*');
        var leftmostOnly = !with.IsValid || !with.Name!.Contains('*') || (with.Name.StartsWith("*.") && with.Name.IndexOf('*', 1) < 0 && with.IsWildcard);
        return noWildcardOutput && leftmostOnly;
    });

    [Property(MaxTest = 300)]
    public Property Accepted_names_are_never_public_suffixes_and_have_a_registrable_domain() => Prop.ForAll(Names, input =>
    {
        var result = DomainNames.Normalise(input, Wild);
        return !result.IsValid
            || (!PublicSuffixList.Default.IsPublicSuffix(result.BaseName!)
                && result.RegistrableDomain is not null
                && (result.BaseName == result.RegistrableDomain || result.BaseName!.EndsWith("." + result.RegistrableDomain)));
    });

    [Property(MaxTest = 300)]
    public Property Random_valid_labels_under_a_real_domain_are_accepted() => Prop.ForAll(
        (from count in Gen.Choose(1, 3)
         from labels in Gen.ArrayOf(
             from length in Gen.Choose(1, 63)
             from chars in Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray()), length)
             select new string(chars), count)
         select string.Join('.', labels) + ".example.com").ToArbitrary(),
        name => DomainNames.Normalise(name).Name == name);
}
