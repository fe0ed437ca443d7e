using SslFlow.Bench;

// One benchmark per command; each writes its section of docs/benchmarks.md. Usage: SslFlow.Bench <issuance|engine|renewal|webhooks|waiting> [options]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: SslFlow.Bench issuance|engine|renewal|webhooks|waiting [--n N] [--seconds S]");
    return 2;
}
var options = BenchArgs.Parse(args[1..]);
var section = args[0] switch
{
    "issuance" => await IssuanceBench.RunAsync(options),
    "engine" => await EngineBench.RunAsync(options),
    "renewal" => await RenewalBench.RunAsync(options),
    "webhooks" => await WebhookBench.RunAsync(options),
    "waiting" => await WaitingBench.RunAsync(options),
    _ => throw new ArgumentException($"unknown benchmark '{args[0]}'"),
};
Console.WriteLine(section);
Report.WriteSection(args[0], section);
return 0;
