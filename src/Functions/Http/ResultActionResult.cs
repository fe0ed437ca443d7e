using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SslFlow.Functions.Http;

/// <summary>Runs a shared minimal-API <see cref="IResult"/> (status, headers, problem details) as the function's response.</summary>
public sealed class ResultActionResult(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context) => this.Result.ExecuteAsync(context.HttpContext);
}
