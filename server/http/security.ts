/**
 * Security headers (helmet). The task pane runs inside Excel, which on the web frames it from
 * Office's own domains, so the pane (and its function file, both under /taskpane/) may be
 * framed by those domains; every other page, the coordinator's included, may be framed by no
 * one. Scripts may come from this service and Microsoft's Office.js CDN.
 */
import helmet from 'helmet';
import type { IncomingMessage } from 'node:http';
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

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: [
          (req: IncomingMessage) => {
            const path = (req.url ?? '/').split('?')[0] ?? '/';
            return isFramedByOffice(path) ? OFFICE_FRAME_ANCESTORS.join(' ') : "'none'";
          },
        ],
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
  });
}
