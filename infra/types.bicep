// Types shared by main.bicep and the modules (compile-time import: nothing here is deployed).

@export()
@description('Resource tags: names to string values (azd-env-name, app, azd-service-name).')
type Tags = { *: string }

@export()
@description('Kinds of Entra principal a role can be assigned to; azd sets AZURE_PRINCIPAL_TYPE to the one running it.')
type PrincipalType = 'User' | 'ServicePrincipal' | 'Group'
