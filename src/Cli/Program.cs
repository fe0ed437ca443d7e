using SslFlow.Cli;

return await CliApp.RunAsync(args, CliContext.FromConsole());
