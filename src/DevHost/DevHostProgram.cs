using SslFlow.DevHost.Demo;
using SslFlow.DevHost.FaultInjection;
using SslFlow.LocalHost;

namespace SslFlow.DevHost;

/// <summary>
/// The development host. <c>demo</c> (README command 1): starts the local stack and the sandbox CA, then the service host
/// in this process, and follows demo orders to ACTIVE. <c>serve</c> (default): the service host exactly as
/// <see cref="LocalHostProgram"/> builds it, plus the crash switch the kill tests set (<see cref="CrashSwitch"/>).
/// </summary>
public static class DevHostProgram
{
    public static async Task<int> MainAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "demo") return await DemoRunner.RunAsync(args[1..]);
        var app = Build(args is [ "serve", .. ] ? args[1..] : args);
        await app.RunAsync();
        return 0;
    }

    /// <summary>The service host with the development hooks; <paramref name="configure"/> and <paramref name="services"/> as in <see cref="LocalHostProgram.Build"/>.</summary>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null) =>
        LocalHostProgram.Build(args, configure, s =>
        {
            CrashSwitch.AddCrashSwitch(s);
            services?.Invoke(s);
        });
}
