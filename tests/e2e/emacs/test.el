;;; test.el --- End-to-end test of dated-notes-server in Emacs 28 + eglot  -*- lexical-binding: t -*-

;; Run by run.sh as `emacs --batch -Q -l tests/e2e/emacs/test.el', with `dated-notes-server' on PATH
;; (a link to the package's bin, dist/server.js) and DN_WORKSPACE (a temporary copy of
;; tests/e2e/workspace-lsp) in the environment.  Prints one `ok - name' or `not ok - name: why' per
;; check, then `emacs: N passed, N failed', and exits nonzero when a check failed.  Every wait is bounded.

;;; Code:

(require 'cl-lib)
;; Debian's elpa-eglot (and the project, xref and seq it needs) live outside `load-path' under -Q.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (when (file-directory-p dir) (push dir load-path)))
(require 'project)
(require 'xref)
(require 'flymake)
(require 'eglot)

(defvar dn-workspace (file-name-as-directory (or (getenv "DN_WORKSPACE") (error "DN_WORKSPACE is not set"))))
(defvar dn-wait (string-to-number (or (getenv "DN_WAIT_SECONDS") "15")))
(defvar dn-passed 0)
(defvar dn-failed 0)

(defun dn-out (line) (princ (concat line "\n")))
(defun dn-check (name condition &optional why)
  (if condition
      (progn (cl-incf dn-passed) (dn-out (concat "ok - " name)))
    (cl-incf dn-failed)
    (dn-out (format "not ok - %s: %s" name (replace-regexp-in-string "[ \t]*\n[ \t]*" " " (format "%s" why))))))

(defun dn-wait-until (predicate)
  "Run the event loop until PREDICATE holds or `dn-wait' seconds pass; return its last value."
  (let ((deadline (+ (float-time) dn-wait)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

;; No markdown-mode under -Q (Debian's is elpa-markdown-mode): a stand-in with the same name, which
;; is also what gives the server the language id `markdown'.
(unless (fboundp 'markdown-mode) (define-derived-mode markdown-mode text-mode "Markdown"))
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))
;; The entry the README documents.
(add-to-list 'eglot-server-programs '(markdown-mode . ("dated-notes-server" "--stdio")))
;; Root detection as the README recommends: the nearest folder with _config.yml or .dated-notes.json.
(defun dn-project (dir)
  (let ((root (or (locate-dominating-file dir "_config.yml") (locate-dominating-file dir ".dated-notes.json"))))
    (and root (cons 'transient root))))
(setq project-find-functions (list #'dn-project))
(setq eglot-sync-connect dn-wait
      eglot-connect-timeout dn-wait
      eglot-autoreconnect nil)

(defun dn-line-of (needle)
  "The 1-based line of the first occurrence of NEEDLE in the current buffer."
  (save-excursion (goto-char (point-min)) (and (search-forward needle nil t) (line-number-at-pos))))

(defun dn-diagnostics ()
  "The flymake diagnostics of the current buffer as (RULE . LINE) pairs."
  (mapcar (lambda (d)
            (cons (plist-get (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)) :code)
                  (line-number-at-pos (flymake-diagnostic-beg d))))
          (flymake-diagnostics)))

(cl-defun dn-run ()
  (let* ((garden (expand-file-name "_posts/2024-03-10-garden.md" dn-workspace))
         (reading (expand-file-name "_posts/2024-02-01-reading.md" dn-workspace))
         (buffer (find-file-noselect garden)))
    (set-buffer buffer)
    (dn-check "the note opens in markdown-mode" (eq major-mode 'markdown-mode) major-mode)
    (dn-check "project root found by _config.yml"
              (equal (file-truename (project-root (project-current))) (file-truename dn-workspace))
              (project-current))
    ;; `eglot-ensure' waits for a command loop that batch mode never runs: connect directly.
    (let ((server (apply #'eglot--connect (eglot--guess-contact))))
      (dn-check "eglot connected to dated-notes-server" (and server (jsonrpc-running-p server))
                (if server "server not running" "no connection in time"))
      (unless (and server (jsonrpc-running-p server)) (cl-return-from dn-run))
      (dn-check "the server names itself"
                (equal (plist-get (eglot--server-info server) :name) "dated-notes-server")
                (eglot--server-info server))
      (dn-check "eglot manages the note" eglot--managed-mode "eglot--managed-mode is off")
      ;; Diagnostics are pushed; flymake asks its backends only from timers and commands, so ask it
      ;; while waiting.  Broken anchors need the whole workspace read: they also show indexing ended.
      (let ((expected (list (cons "date-format" (dn-line-of "【2023-07-03】"))
                            (cons "date-invalid" (dn-line-of "【2024-13-5】"))
                            (cons "link-broken-anchor" (dn-line-of "/reading#no-such-heading")))))
        (dn-wait-until (lambda ()
                         (flymake-start)
                         (cl-every (lambda (e) (member e (dn-diagnostics))) expected)))
        (dolist (e expected)
          (dn-check (format "diagnostic %s on line %s" (car e) (cdr e))
                    (member e (dn-diagnostics))
                    (format "got %S" (dn-diagnostics))))
        (let ((format-diag (cl-find-if (lambda (d) (string-match-p "\\[date-format\\]" (flymake-diagnostic-text d)))
                                       (flymake-diagnostics))))
          (dn-check "date-format is a warning with the rule id in its text"
                    (and format-diag (eq (flymake-diagnostic-type format-diag) 'eglot-warning)
                         (string-match-p "【2023-7-3】" (flymake-diagnostic-text format-diag)))
                    (and format-diag (list (flymake-diagnostic-type format-diag) (flymake-diagnostic-text format-diag))))))
      ;; Go to definition through xref, as M-. does.
      (goto-char (point-min))
      (search-forward "[评测方法")
      (let* ((heading-line (with-temp-buffer (insert-file-contents reading) (dn-line-of "## 评测 Methods")))
             (xrefs (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot)))
             (location (and xrefs (xref-item-location (car xrefs)))))
        (dn-check "definition lands in the other note at the heading"
                  (and location
                       (equal (file-truename (xref-location-group location)) (file-truename reading))
                       (equal (xref-location-line location) heading-line))
                  (format "got %S, expected %s:%s"
                          (and location (list (xref-location-group location) (xref-location-line location)))
                          reading heading-line)))
      ;; Completion after typing a backtick and a prefix, as completion-at-point asks for it.
      (goto-char (point-max))
      (insert "\n【2024-3-11】也试了 `Anthr")
      (let* ((capf (eglot-completion-at-point))
             (candidates (and capf (all-completions "" (nth 2 capf)))))
        (dn-check "completion after `Anthr offers the entity Anthropic"
                  (member "Anthropic" candidates)
                  (format "got %S" candidates)))
      ;; Shut down cleanly.
      (let ((inhibit-message t)) (ignore-errors (eglot-shutdown server nil dn-wait)))
      (dn-check "server exits after shutdown" (not (jsonrpc-running-p server)) "still running"))))

(condition-case err
    (with-timeout ((* 4 dn-wait) (dn-check "test script finished in time" nil (format "%s s" (* 4 dn-wait))))
      (dn-run))
  (error (dn-check "test script ran to the end" nil (error-message-string err))))
(dn-out (format "emacs: %d passed, %d failed" dn-passed dn-failed))
(kill-emacs (if (> dn-failed 0) 1 0))

;;; test.el ends here
