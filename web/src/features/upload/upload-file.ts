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
      reject(new ApiError(request.status, null, uploadRefusal(request.status)));
    };
    request.onerror = () => reject(new ApiError(0, null, 'The connection dropped during the upload.'));
    request.send(file);
  });
}

/** Why the pre-signed URL refused the bytes, in a teacher's words (the server's detail is for developers). */
export function uploadRefusal(status: number): string {
  if (status === 415 || status === 400) {
    return 'This file is not the picture or document its name says. Open it and save it again, or export it as a PDF.';
  }
  if (status === 413) return 'This file is larger than we accept. A smaller photo or a single page will do.';
  if (status === 403 || status === 401) return 'The upload link expired. Please try again.';
  return `The upload did not finish (error ${status}). Please try again.`;
}
