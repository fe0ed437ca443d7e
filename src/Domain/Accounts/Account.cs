namespace SslFlow.Domain.Accounts;

public enum AccountRole
{
    /// <summary>A reseller's customer: sees and acts on its own orders only.</summary>
    Customer,
    /// <summary>The service's operators: see and act on every order.</summary>
    Operator,
}

/// <summary>
/// Who is calling: a customer account or an operator. <see cref="Id"/> is what orders record as their customer
/// (lower-case, stable; the display name may change).
/// </summary>
public sealed record Account(string Id, string DisplayName, AccountRole Role)
{
    public bool IsOperator => Role == AccountRole.Operator;
}

/// <summary>The authorization rule of every order route, as pure functions of the caller and the order's customer.</summary>
public static class OrderAccess
{
    /// <summary>
    /// Operators see every order; a customer only orders recorded with its own account id (ordinal). An order with no
    /// customer (placed before accounts existed) is the operators' only. A route answers 404 when this is false, exactly
    /// as for a missing order, so a customer cannot tell another customer's order id exists.
    /// </summary>
    public static bool CanSee(Account caller, string? orderCustomer)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsOperator || (orderCustomer is not null && string.Equals(caller.Id, orderCustomer, StringComparison.Ordinal));
    }

    /// <summary>The customer a list or search is limited to: null (everything) for operators, the caller's id otherwise.</summary>
    public static string? ListScope(Account caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsOperator ? null : caller.Id;
    }
}
