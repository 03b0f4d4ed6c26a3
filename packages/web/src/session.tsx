import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useState } from "react";
import { api, hasApiKey, must, type Schemas, setApiKey } from "./api/client";

type Caller = Schemas["ApiKeySelf"];

interface Session {
  caller: Caller | undefined;
  loading: boolean;
  signIn: (key: string) => Promise<Caller>;
  signOut: () => void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Who the pasted API key belongs to (GET /api-keys/self): the console shows that role's screens. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // State, not just storage: signing in or out must re-render everything that depends on the caller.
  const [signedIn, setSignedIn] = useState(hasApiKey);
  const whoami = useQuery({
    queryKey: ["self"],
    queryFn: () => must(api.GET("/api-keys/self", {})),
    enabled: signedIn,
    retry: false,
  });
  const signIn = async (key: string) => {
    setApiKey(key.trim());
    try {
      const caller = await must(api.GET("/api-keys/self", {}));
      queryClient.clear();
      queryClient.setQueryData(["self"], caller);
      setSignedIn(true);
      return caller;
    } catch (error) {
      setApiKey(null);
      throw error;
    }
  };
  const signOut = () => {
    setApiKey(null);
    setSignedIn(false);
    queryClient.clear();
  };
  const caller = signedIn ? whoami.data : undefined;
  return (
    <SessionContext.Provider value={{ caller, loading: signedIn && whoami.isPending, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
