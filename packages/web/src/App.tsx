import { useTranslation } from "react-i18next";
import { Redirect, Route, Switch } from "wouter";
import { Layout } from "./components/Layout";
import { Loading } from "./components/Notice";
import { Audit } from "./pages/auditor/Audit";
import { Charter } from "./pages/charter/Charter";
import { Received } from "./pages/federation/Received";
import { Home } from "./pages/Home";
import { Performance } from "./pages/performance/Performance";
import { Batches } from "./pages/registrar/Batches";
import { Courses } from "./pages/registrar/Courses";
import { Inbox } from "./pages/registrar/Inbox";
import { Roster } from "./pages/registrar/Roster";
import { ResourceUses } from "./pages/resources/ResourceUses";
import { Resources } from "./pages/resources/Resources";
import { Claims } from "./pages/secretariat/Claims";
import { Members } from "./pages/secretariat/Members";
import { Periods } from "./pages/secretariat/Periods";
import { Proposals } from "./pages/secretariat/Proposals";
import { Settlements } from "./pages/secretariat/Settlements";
import { SignIn } from "./pages/SignIn";
import { Verify } from "./pages/Verify";
import { useSession } from "./session";

/** Each role's first screen. */
const LANDING: Record<string, string> = {
  member: "/console/roster",
  secretariat: "/console/claims",
  auditor: "/console/audit",
  readonly: "/console/members",
};

/** Console screens need a key; without one the reader is sent to sign in. */
function Signed({ children }: { children: React.ReactNode }) {
  const { caller, loading } = useSession();
  if (loading) return <Loading />;
  if (!caller) return <Redirect to="/console/sign-in" />;
  return <>{children}</>;
}

export function App() {
  const { t } = useTranslation();
  const { caller } = useSession();
  return (
    <Layout>
      <Switch>
        <Route path="/" component={Home} />
        <Route path="/verify" component={Verify} />
        <Route path="/console/sign-in" component={SignIn} />
        <Route path="/console">
          <Signed>{caller && <Redirect to={LANDING[caller.role] ?? "/console/members"} />}</Signed>
        </Route>
        <Route path="/console/roster">
          <Signed>
            <Roster />
          </Signed>
        </Route>
        <Route path="/console/batches">
          <Signed>
            <Batches />
          </Signed>
        </Route>
        <Route path="/console/inbox">
          <Signed>
            <Inbox />
          </Signed>
        </Route>
        <Route path="/console/received">
          <Signed>
            <Received />
          </Signed>
        </Route>
        <Route path="/console/courses">
          <Signed>
            <Courses />
          </Signed>
        </Route>
        <Route path="/console/resources">
          <Signed>
            <Resources />
          </Signed>
        </Route>
        <Route path="/console/resource-uses">
          <Signed>
            <ResourceUses />
          </Signed>
        </Route>
        <Route path="/console/members">
          <Signed>
            <Members />
          </Signed>
        </Route>
        <Route path="/console/proposals">
          <Signed>
            <Proposals />
          </Signed>
        </Route>
        <Route path="/console/charter">
          <Signed>
            <Charter />
          </Signed>
        </Route>
        <Route path="/console/performance">
          <Signed>
            <Performance />
          </Signed>
        </Route>
        <Route path="/console/claims">
          <Signed>
            <Claims />
          </Signed>
        </Route>
        <Route path="/console/periods">
          <Signed>
            <Periods />
          </Signed>
        </Route>
        <Route path="/console/settlements">
          <Signed>
            <Settlements />
          </Signed>
        </Route>
        <Route path="/console/audit">
          <Signed>
            <Audit />
          </Signed>
        </Route>
        <Route>
          <section>
            <h1>{t("notFound.title")}</h1>
            <p>{t("notFound.text")}</p>
          </section>
        </Route>
      </Switch>
    </Layout>
  );
}
