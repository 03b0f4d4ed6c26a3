import i18next from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { zh } from "./zh";

/** The HTML `lang` of each language, for screen readers and fonts. */
const HTML_LANG: Record<string, string> = { zh: "zh-CN", en: "en" };

/**
 * Simplified Chinese and English, following the browser (zh-CN, zh-TW… → zh) until the reader picks one;
 * the choice is remembered in this browser.
 */
export function initI18n() {
  void i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources: { zh: { translation: zh }, en: { translation: en } },
      supportedLngs: ["zh", "en"],
      nonExplicitSupportedLngs: true,
      load: "languageOnly",
      fallbackLng: "en",
      interpolation: { escapeValue: false },
      detection: {
        order: ["querystring", "localStorage", "navigator"],
        lookupQuerystring: "lang",
        lookupLocalStorage: "alliance.lang",
        caches: ["localStorage"],
      },
    });
  const sync = (lng: string) => {
    document.documentElement.lang = HTML_LANG[lng.slice(0, 2)] ?? "en";
    document.title = i18next.t("app.name");
  };
  sync(i18next.resolvedLanguage ?? "en");
  i18next.on("languageChanged", sync);
  return i18next;
}

/** The locale Intl formats with: zh-CN or en-GB style dates are both fine; we follow the language chosen. */
export const localeOf = (lng: string | undefined) => ((lng ?? "en").startsWith("zh") ? "zh-CN" : "en-US");
