import { Injectable } from '@nestjs/common';
import { AdoptionService } from './adoption.service';
import { anonymousIdentity, type Identity } from './anonymous-session';
import { SessionTokenVerifier } from './session-token-verifier';

export interface Authentication {
  identity: Identity;
  /** The anonymous session's chats belong to the signed-in user now (the cookie can go). */
  adopted: boolean;
}

/**
 * Who is calling, from what a request or socket handshake presents: a Clerk session token
 * wins (and absorbs the anonymous session it arrives with); without one, the anonymous
 * session. A token that is present but bad is an error, never a silent fallback to anonymous.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly verifier: SessionTokenVerifier,
    private readonly adoption: AdoptionService,
  ) {}

  /** `token`: undefined when none was presented. `anonymousId`: from a valid cookie. */
  async authenticate(token: string | undefined, anonymousId: string | undefined): Promise<Authentication | undefined> {
    if (token !== undefined) {
      const identity = await this.verifier.verify(token);
      const adopted = anonymousId ? await this.adoption.adopt(anonymousId, identity.userId) : false;
      return { identity, adopted };
    }
    return anonymousId ? { identity: anonymousIdentity(anonymousId), adopted: false } : undefined;
  }
}
