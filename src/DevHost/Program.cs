using SslFlow.DevHost;

return await DevHostProgram.MainAsync(args);
