import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext } from "react";
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
  const whoami = useQuery({
    queryKey: ["self"],
    queryFn: () => must(api.GET("/api-keys/self", {})),
    enabled: hasApiKey(),
    retry: false,
  });
  const signIn = async (key: string) => {
    setApiKey(key.trim());
    try {
      const caller = await must(api.GET("/api-keys/self", {}));
      queryClient.clear();
      queryClient.setQueryData(["self"], caller);
      return caller;
    } catch (error) {
      setApiKey(null);
      throw error;
    }
  };
  const signOut = () => {
    setApiKey(null);
    queryClient.clear();
  };
  const caller = hasApiKey() ? whoami.data : undefined;
  return (
    <SessionContext.Provider value={{ caller, loading: hasApiKey() && whoami.isPending, signIn, signOut }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
