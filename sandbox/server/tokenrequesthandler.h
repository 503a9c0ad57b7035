#pragma once

#include "apiservices.h"

namespace cvc::sandbox {

class Authenticator;
struct ApiRequest;

// POST /api/v1/namespaces/NS/serviceaccounts/NAME/token (TokenRequest, what `kubectl create
// token` sends): a new bearer token for that ServiceAccount, valid for spec.expirationSeconds
// (default one hour, at least ten minutes) or until the server stops. Who may ask is decided
// before (create on serviceaccounts/token); the token itself is never logged.
class TokenRequestHandler
{
public:
    static constexpr int DefaultExpirationSeconds = 3600;
    static constexpr int MinExpirationSeconds = 600;

    TokenRequestHandler(const ApiServices &services, Authenticator *authenticator);

    void create(const ApiRequest &request);

private:
    ApiServices m_services;
    Authenticator *m_authenticator;
};

} // namespace cvc::sandbox
