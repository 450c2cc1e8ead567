/**
 * Security headers (helmet). The task pane runs inside Excel, which on the web frames it from
 * Office's own domains, so the pane (and its function file, both under /taskpane/) may be
 * framed by those domains; every other page, the coordinator's included, may be framed by no
 * one. Scripts may come from this service and Microsoft's Office.js CDN.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The origins that frame an Office add-in's task pane: Office on the web (office.com,
 * officeapps.live.com, office365.com, sharepoint.com for files in OneDrive/SharePoint) and
 * the *.cloud.microsoft domains Microsoft 365 is moving to ("Microsoft 365 apps are moving to
 * cloud.microsoft", learn.microsoft.com/microsoft-365/enterprise/urls-and-ip-address-ranges).
 */
export const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  'https://*.office.com',
  'https://*.officeapps.live.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.microsoft.com',
  'https://*.cloud.microsoft',
] as const;

/** Paths Office frames: the task pane and its function file. */
export function isFramedByOffice(path: string): boolean {
  return path === '/taskpane' || path.startsWith('/taskpane/');
}

/** helmet's options with the given frame-ancestors. */
function helmetOptions(frameAncestors: string): Parameters<typeof helmet>[0] {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: [frameAncestors],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // The service may run over plain HTTP on loopback (tests, behind a proxy), where
        // upgrading the page's requests to https would break it; the proxy does TLS there.
        upgradeInsecureRequests: null,
      },
    },
    // X-Frame-Options cannot list several origins; CSP frame-ancestors above does the job.
    frameguard: false,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The headers for every response: the task pane's paths may be framed by Office's origins,
 * every other path by no one. Two helmet instances, each with its policy written once: a
 * directive given as a function made helmet check and build the policy on every request
 * (a few µs of each sync on the main thread).
 */
export function securityHeaders(): RequestHandler {
  const framedByOffice = helmet(helmetOptions(OFFICE_FRAME_ANCESTORS.join(' ')));
  const framedByNoOne = helmet(helmetOptions("'none'"));
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    (isFramedByOffice(path) ? framedByOffice : framedByNoOne)(req, res, next);
  };
}
