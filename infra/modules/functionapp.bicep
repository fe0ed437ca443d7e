// The Functions app on Flex Consumption (Linux, .NET isolated) running as the user-assigned identity.
// App settings: the SslFlow__* names are exactly SslFlow.Functions.Composition.FunctionsAppOptions (a test reads both);
// secrets are Key Vault references resolved with the same identity.
import { Tags } from '../types.bicep'

param name string
param planName string
param location string
param tags Tags
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerUrl string
param appInsightsConnectionString string
param keyVaultUri string
param tablesEndpoint string
param emailEndpoint string
param emailSender string
param apiKeySecretUri string
param webhookSecretUri string
param eabHmacKeySecretUri string
param acmeDirectoryUrl string
param acmeAccountEmail string
param acmeEabKeyId string
param webhookCaName string

@description('Upper bound of Flex instances; orders are waits and short activities, so few are needed.')
param maximumInstanceCount int = 40

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        // Functions host and Durable task hub storage, identity-based (the account has no shared keys).
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // Application Insights with Entra ID (local auth is off); the app's OpenTelemetry exporter uses the same identity.
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // DefaultAzureCredential picks the user-assigned identity by its client id.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'SslFlow__KeyVaultUri', value: keyVaultUri }
        { name: 'SslFlow__TablesEndpoint', value: tablesEndpoint }
        { name: 'SslFlow__EmailEndpoint', value: emailEndpoint }
        { name: 'SslFlow__EmailSender', value: emailSender }
        { name: 'SslFlow__ApiKeys__default', value: '@Microsoft.KeyVault(SecretUri=${apiKeySecretUri})' }
        { name: 'SslFlow__WebhookSecrets__${webhookCaName}__0', value: '@Microsoft.KeyVault(SecretUri=${webhookSecretUri})' }
        { name: 'SslFlow__AllowTestNames', value: 'false' }
        { name: 'SslFlow__Acme__DirectoryUrl', value: acmeDirectoryUrl }
        { name: 'SslFlow__Acme__AccountEmail', value: acmeAccountEmail }
        { name: 'SslFlow__Acme__EabKeyId', value: acmeEabKeyId }
        { name: 'SslFlow__Acme__EabHmacKey', value: empty(acmeEabKeyId) ? '' : '@Microsoft.KeyVault(SecretUri=${eabHmacKeySecretUri})' }
        { name: 'SslFlow__Acme__EabAlgorithm', value: 'HS256' }
        { name: 'SslFlow__Acme__Profile', value: '' }
        { name: 'SslFlow__Acme__PreferredChain', value: '' }
      ]
    }
  }
}

// No publishing passwords: azd deploys to the Flex deployment container with Entra ID, so basic auth for FTP and the
// SCM site stays off.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
