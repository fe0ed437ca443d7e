using System.Text.Json;
using System.Text.RegularExpressions;
using SslFlow.Cli;

namespace SslFlow.Operator.Tests;

/// <summary><c>sslflow profiles list|show|create|delete</c> (its real entry point, in-process) against the real local host.</summary>
[Collection(OperatorHostCollection.Name)]
public sealed partial class CliProfilesTests(OperatorHostFixture host)
{
    [Fact]
    public async Task A_profile_is_created_from_a_details_file_listed_shown_refused_twice_and_deleted()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var details = Path.Combine(Directory.CreateTempSubdirectory("sslflow-cli-").FullName, "org.json");
        await File.WriteAllTextAsync(details, JsonSerializer.Serialize(new
        {
            organization = new { legalName = $"Gialli {suffix} S.r.l.", country = "IT", locality = "Torino", streetAddress = "Via Po 3", phone = "+39 011 1234567" },
            contacts = new { admin = new { name = "Gina Gialli", email = "gina@sslflow.test", phone = "+390111234568" } },
        }));

        var create = await RunAsync("profiles", "create", "--name", "Gialli HQ", "--details", details);
        Assert.True(create.Code == ExitCodes.Ok, create.ToString());
        var id = CreatedLine().Match(create.Out).Groups[1].Value;
        Assert.StartsWith("prof-", id);

        var list = await RunAsync("profiles", "list");
        Assert.True(list.Code == ExitCodes.Ok, list.ToString());
        Assert.Matches($@"{id}\s+\S+\s+Gialli HQ\s+Gialli {suffix} S\.r\.l\.\s+IT\s+not vetted yet", list.Out);
        var json = await RunAsync("profiles", "list", "--json");
        Assert.Contains(JsonDocument.Parse(json.Out).RootElement.EnumerateArray(), p => p.GetProperty("id").GetString() == id);

        var show = await RunAsync("profiles", "show", id);
        Assert.True(show.Code == ExitCodes.Ok, show.ToString());
        Assert.Contains("Address:       Via Po 3, Torino, IT", show.Out);
        Assert.Contains("Phone:         +390111234567", show.Out);
        Assert.Contains("Admin contact: Gina Gialli <gina@sslflow.test> +390111234568", show.Out);

        var again = await RunAsync("profiles", "create", "--name", "Copy", "--details", details);
        Assert.Equal(ExitCodes.Failed, again.Code);
        Assert.Contains("HTTP 409", again.Error);
        Assert.Contains(id, again.Error);

        var delete = await RunAsync("profiles", "delete", id);
        Assert.True(delete.Code == ExitCodes.Ok, delete.ToString());
        var gone = await RunAsync("profiles", "show", id);
        Assert.Equal(ExitCodes.Failed, gone.Code);
        Assert.Contains("HTTP 404", gone.Error);
    }

    [Fact]
    public async Task Bad_details_are_named_field_by_field_and_usage_errors_exit_2()
    {
        var details = Path.Combine(Directory.CreateTempSubdirectory("sslflow-cli-").FullName, "bad.json");
        await File.WriteAllTextAsync(details, """{"organization":{"legalName":"X","country":"ZZ","locality":"Y","streetAddress":"Z","phone":"12"}}""");
        var bad = await RunAsync("profiles", "create", "--name", "Bad", "--details", details);
        Assert.Equal(ExitCodes.Failed, bad.Code);
        Assert.Contains("organization.country:", bad.Error);
        Assert.Contains("organization.phone:", bad.Error);

        Assert.Equal(ExitCodes.Usage, (await RunAsync("profiles")).Code);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("profiles", "rename", "x")).Code);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("profiles", "create", "--details", details)).Code);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("profiles", "show")).Code);
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new Dictionary<string, string?> { ["SSLFLOW_URL"] = host.BaseUrl.ToString(), ["SSLFLOW_API_KEY"] = host.ApiKey };
        var context = new CliContext(stdout, stderr, name => env.GetValueOrDefault(name), TimeProvider.System, TimeSpan.FromMilliseconds(200));
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    private sealed record CliRun(int Code, string Out, string Error)
    {
        public override string ToString() => $"exit {Code}\nstdout:\n{Out}\nstderr:\n{Error}";
    }

    [GeneratedRegex(@"^Profile (prof-[0-9a-f]+) created", RegexOptions.Multiline)]
    private static partial Regex CreatedLine();
}
