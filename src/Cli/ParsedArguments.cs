namespace SslFlow.Cli;

/// <summary>
/// A hand-written parser (System.CommandLine is not on this machine's package source): <c>--name value</c>,
/// <c>--name=value</c>, repeatable options and flags, positionals. Each command declares what it accepts, so a typo
/// is an error rather than silently ignored.
/// </summary>
public sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals { get; }

    private ParsedArguments(List<string> positionals) => Positionals = positionals;

    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flags)
    {
        var positionals = new List<string>();
        var parsed = new ParsedArguments(positionals);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                positionals.Add(arg);
                continue;
            }
            var name = arg[2..];
            string? inline = null;
            if (name.IndexOf('=') is var eq and > 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (flags.Contains(name))
            {
                if (inline is not null) throw new UsageException($"--{name} takes no value.");
                parsed._flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value."));
                if (!parsed._values.TryGetValue(name, out var list)) parsed._values[name] = list = [];
                list.Add(value);
            }
            else
            {
                throw new UsageException($"Unknown option --{name}.");
            }
        }
        return parsed;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public IReadOnlyList<string> All(string option) => _values.TryGetValue(option, out var list) ? list : [];

    public string? Value(string option) => _values.TryGetValue(option, out var list) ? list[^1] : null;
}
