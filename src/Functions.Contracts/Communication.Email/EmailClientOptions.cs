// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailClientOptions and its
// ServiceVersion values); source sdk/communication/Azure.Communication.Email/src/EmailClientOptions.cs.
using Azure.Core;

namespace Azure.Communication.Email;

public partial class EmailClientOptions : ClientOptions
{
    public EmailClientOptions(ServiceVersion version = ServiceVersion.V2025_09_01)
    {
    }

    public enum ServiceVersion
    {
        V2021_10_01_Preview = 1,
        V2023_01_15_Preview = 2,
        V2023_03_31 = 3,
        V2024_07_01_Preview = 4,
        V2025_09_01 = 5,
    }
}
