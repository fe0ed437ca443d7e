using SslFlow.LocalHost;

return await LocalHostProgram.MainAsync(args);
