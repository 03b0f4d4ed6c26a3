import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { ApiError } from "./api/client";
import { initI18n } from "./i18n";
import { SessionProvider } from "./session";
import "./styles.css";

initI18n();
const queryClient = new QueryClient({
  defaultOptions: {
    // A refusal (4xx) is an answer, not a hiccup: show it at once instead of retrying.
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2 },
  },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <App />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
