import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MeDto, OrgSummaryDto } from '@yungang/core';
import { ApiClient } from '../api/client.ts';
import { navigate } from '../router/router.tsx';
import { chooseOrg } from './org-choice.ts';

const ORG_KEY = 'yungang.orgId';

export type SessionStatus = 'loading' | 'setup' | 'anonymous' | 'ready' | 'offline';

interface SessionValue {
  api: ApiClient;
  status: SessionStatus;
  me: MeDto | null;
  org: OrgSummaryDto | null;
  signedIn: (me: MeDto) => void;
  logout: () => Promise<void>;
  switchOrg: (orgId: string) => void;
  refreshMe: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Owns the API client, the signed-in user and the chosen organisation (remembered in localStorage). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [orgId, setOrgId] = useState<string | null>(() => window.localStorage.getItem(ORG_KEY));
  // The client reads the org id at request time, outside React's render cycle.
  const orgIdRef = useRef(orgId);
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [me, setMe] = useState<MeDto | null>(null);
  const [attempt, setAttempt] = useState(0);

  const api = useMemo(
    () =>
      new ApiClient({
        fetch: (input, init) => window.fetch(input, init),
        getOrgId: () => orgIdRef.current,
        onUnauthorized: () => {
          setMe(null);
          setStatus('anonymous');
          navigate('/login', { replace: true });
        },
      }),
    [],
  );

  const adopt = useCallback((next: MeDto) => {
    const org = chooseOrg(next.orgs, orgIdRef.current);
    orgIdRef.current = org?.id ?? null;
    if (org) window.localStorage.setItem(ORG_KEY, org.id);
    setOrgId(org?.id ?? null);
    setMe(next);
    setStatus('ready');
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const { needed } = await api.setupStatus();
        if (cancelled) return;
        if (needed) {
          setStatus('setup');
          return;
        }
        const current = await api.me();
        if (!cancelled) adopt(current);
      } catch (error) {
        if (cancelled) return;
        const status = (error as { status?: number }).status;
        setStatus(status === 401 ? 'anonymous' : 'offline');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api, adopt, attempt]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setMe(null);
      setStatus('anonymous');
      navigate('/login');
    }
  }, [api]);

  const switchOrg = useCallback((orgId: string) => {
    orgIdRef.current = orgId;
    window.localStorage.setItem(ORG_KEY, orgId);
    setOrgId(orgId);
  }, []);

  const refreshMe = useCallback(async () => adopt(await api.me()), [api, adopt]);
  const retry = useCallback(() => {
    setStatus('loading');
    setAttempt((n) => n + 1);
  }, []);

  const org = me ? chooseOrg(me.orgs, orgId) : null;
  const value: SessionValue = { api, status, me, org, signedIn: adopt, logout, switchOrg, refreshMe, retry };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API client; pages use only this to talk to the server. */
export function useApi(): ApiClient {
  return useSession().api;
}
