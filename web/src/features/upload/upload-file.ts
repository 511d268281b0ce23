// Sends one file the pre-signed way: POST /api/v1/documents/upload reserves the document and signs a URL, then
// the bytes go straight to that URL with an XHR PUT, whose upload events drive a real progress bar (fetch has no
// upload progress).
import { apiJson, jsonBody } from '../../lib/api';
import { ApiError } from '../../lib/problem';

interface UploadUrl {
  documentId: string;
  uploadUrl: string;
  expiresAt: string;
}

export async function reserveUpload(file: File, contentType: string): Promise<UploadUrl> {
  return apiJson<UploadUrl>(
    '/api/v1/documents/upload',
    jsonBody('POST', { filename: file.name, contentType, size: file.size }),
  );
}

export function putWithProgress(
  url: string,
  file: Blob,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.setRequestHeader('content-type', contentType);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      let detail = `The upload failed (${request.status}).`;
      try {
        detail = (JSON.parse(request.responseText) as { detail?: string }).detail ?? detail;
      } catch {
        /* not JSON: keep the status */
      }
      reject(new ApiError(request.status, null, detail));
    };
    request.onerror = () => reject(new ApiError(0, null, 'The connection dropped during the upload.'));
    request.send(file);
  });
}
