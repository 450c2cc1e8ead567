/**
 * Security headers (helmet). The task pane runs inside Excel, which on the web frames it from
 * Office's own domains, so framing is limited to those rather than forbidden, and the scripts
 * may come from this service and Microsoft's Office.js CDN.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  'https://*.office.com',
  'https://*.officeapps.live.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.microsoft.com',
];

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: OFFICE_FRAME_ANCESTORS,
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
