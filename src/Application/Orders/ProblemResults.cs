using Microsoft.AspNetCore.Http;

namespace SslFlow.Application.Orders;

/// <summary>RFC 9457 problem details with the offending fields, the one error shape of the API.</summary>
public static class ProblemResults
{
    public static IResult Validation(IEnumerable<(string Field, string Reason)> errors)
    {
        var byField = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
        return Results.ValidationProblem(byField, title: "The order is not valid.", type: "https://sslflow.dev/problems/validation");
    }

    public static IResult Problem(int status, string title, string detail, string type) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: $"https://sslflow.dev/problems/{type}");
}
