# ferry's words in English: the source every other language translates,
# and the fallback for a message a language lacks. See docs/translating.md.
## The status bar

status-bar-idle = idle
status-bar-total-speed = { $speed } total
status-bar-counts = { $active } active · { $queued } queued · { $paused } paused
network-offline = Offline
network-portal = Captive portal: log in to the network
network-background-blocked = Background data blocked
network-roaming = Roaming
network-metered = Metered network
network-limited = Limited connectivity
network-plain = Network
# $network: one of the network-… words above.
network-link-state = { $network } (link state)
network-held-offline = { $network }: { $count ->
    [one] 1 transfer
   *[other] { $count } transfers
} waiting for the network
network-held-metered = { $network }: { $count ->
    [one] 1 transfer
   *[other] { $count } transfers
} waiting for an unmetered one
network-held-background = { $network }: { $count ->
    [one] 1 transfer
   *[other] { $count } transfers
} waiting for background data
network-no-network-manager = NetworkManager is not running: ferry follows the interfaces' link state and cannot tell a metered network; set "This network is metered" in Settings
power-battery-percent = On battery { $percent } %
power-battery = On battery
power-saver = Power saver
power-saving-battery = Saving battery
power-held-by-policy = Held by policy
power-held = { $power }: { $count ->
    [one] 1 transfer
   *[other] { $count } transfers
} paused
power-no-upower = UPower is not running: ferry cannot see the battery; use "Save battery" in Settings

## The details of the selected transfer

details-nothing-selected = Nothing selected
details-requested-url = Requested URL
details-actual-url = Actual URL
details-response = Response
details-resumable = Resumable
details-yes = yes
details-no = no
details-answer = Answer
details-sends = Sends
details-method = Method
details-sent = Sent
details-proxy = Proxy
details-proxy-environment = from the environment
details-proxy-none = none
details-restarts = Restarts
details-status = Status
details-certificate = Certificate
details-waits-because = Waits because
details-problem = Problem
details-progress-flags = Progress flags
details-flags-restarted-and-changed = started over; a new response replaced the last
details-flags-restarted = started over
details-flags-changed = a new response replaced the last
details-flags-none = none
details-priority = Priority
details-group = Group
details-response-headers = Response headers
details-headers-left-out = { $count ->
    [one] 1 more header was not kept (too large)
   *[other] { $count } more headers were not kept (too large)
}
details-trust-new-certificate = Trust the new certificate of { $host }
details-trust-certificate = Trust this certificate for { $host }
details-trust-certificate-tip = Only if it is the certificate your device shows: compare the fingerprint there. ferry keeps it in the settings and refuses any other certificate from { $host }.
details-ranges-on-disk = { $count ->
    [one] 1 range on disk
   *[other] { $count } ranges on disk
}
# A download whose file name is not chosen yet.
details-path-in-folder = in { $folder }
details-path = Path
details-on-disk = On disk
details-ranges = Ranges
# "1.50 MiB of 4.00 MiB"
amount-of = { $done } of { $total }
details-when-done = When done

## Statuses, priorities and cost policies (window and command line)

status-queued = queued
status-running = running
status-paused = paused
status-waiting-unmetered = waiting for an unmetered network
status-waiting-network = waiting for the network
status-needs-new-url = paused: needs a new URL
status-paused-by-policy = paused by system policy
status-completed = completed
status-canceled = canceled
status-failed = failed
# $reason: what holds the transfer ("background data is blocked").
status-waiting-because = waiting: { $reason }
priority-high = high
priority-default = default
priority-low = low
cost-policy-default = Use it, unless roaming or over the data limit
cost-policy-unrestricted-only = Wait for an unmetered network
cost-policy-always = Always use it

## The table of transfers

table-empty = No transfers here. Add a download with Ctrl+N, or paste a URL with Ctrl+V.
column-name = Name
column-size = Size
column-progress = Progress
column-speed = Speed
column-eta = ETA
column-status = Status
column-priority = Priority
table-upload-name = { $name } (upload)
table-upload-to = upload to { $url }
menu-priority = Priority
menu-on-metered-networks = On metered networks

## Problems, in the window's words

problem-recoverable-status = the server answered { $status }; give a new link with Set URL… (right-click the row)
problem-secrets-missing = its password was not kept (ferry never writes one to disk); give it again with Credentials… (right-click the row)
# $delay: a duration ("42 s").
problem-retrying = { $problem }; retrying in { $delay }

## Actions: the toolbar and the row menu (button, then its tooltip)

action-add-download = Add download…
action-add-download-tip = Download a URL (Ctrl+N)
action-add-upload = Add upload…
action-add-upload-tip = Send files: PUT, POST, a multipart form or a resumable upload (Ctrl+U; or drop files on the window)
action-pause = Pause
action-pause-tip = Pause, keeping what was downloaded (Space)
action-resume = Resume
action-resume-tip = Continue where it stopped (Space)
action-cancel = Cancel
action-cancel-tip = Stop and delete the partial file
action-remove = Remove
action-remove-tip = Remove from the list; a finished file stays (Delete)
action-open-file = Open file
action-open-file-tip = Open the downloaded file
action-open-while-downloading = Open while downloading
action-open-while-downloading-tip = Play or read it before it ends: your player gets it from ferry, and what it asks for comes first
action-open-folder = Open folder
action-open-folder-tip = Open the folder that holds the file
action-copy-url = Copy URL
action-copy-url-tip = Copy the URL to the clipboard
action-set-url = Set URL…
action-set-url-tip = Give a fresh URL, e.g. after a link expired
action-credentials = Credentials…
action-credentials-tip = Give the user name and password for the server (kept in memory only)
action-download-next = Download next
action-download-next-tip = Move it to the front of its group; in a one-at-a-time group the running one waits
action-when-done = When these finish…
action-when-done-tip = Notify, open the folder or run a program once they all ended (Ctrl+click picks several)
action-settings = Settings…
action-settings-tip = Folder, speed limit, network and battery, notifications, theme
action-monitor = Monitor
action-monitor-tip = A small always-on-top window with the running transfers

## The left panel: groups and filters

panel-transfers = Transfers
panel-all = All ({ $count })
panel-completed = Completed ({ $count })
panel-failed = Failed ({ $count })
panel-by-type = By type
panel-prefetched = Prefetched ({ $count })
panel-prefetched-tip = Resources ferry keeps a fresh copy of, fetched ahead of time when conditions are good
panel-total-speed-plot = All transfers, MiB/s
# After a group's name and count: "nightly (2), one at a time".
group-serialized-marker = , one at a time
group-serialized-tip = One at a time, in priority order (right-click to change)
group-parallel-tip = Members run together (right-click to change)
group-when-done-tip = When its transfers have all ended: { $action }
group-one-at-a-time = One at a time
group-when-done = When the group finishes…
group-when-done-button-tip = Notify, open the folder or run a program each time its transfers have all ended
group-delete = Delete group
group-delete-tip = The transfers stay, in no group
group-new = New group
group-name = Name
group-create = Create

## Notices in the status bar

notice-cannot-open-monitor = cannot open the monitor: { $error }
notice-no-streams = ferry's service serves no streams here (`ferry stream ID` says why)
notice-url-copied = URL copied
notice-copied = Copied: { $url }
notice-cannot-change-autostart = cannot change "Start with my session": { $error }
notice-no-keyring = No keyring answers ({ $reason }): passwords are kept in memory only, and asked again after a restart
notice-no-tray = No tray here (on GNOME, the AppIndicator extension adds one): ferry keeps running in the background without an icon
notice-added = { $count ->
    [one] added 1 download
   *[other] added { $count } downloads
}
notice-added-skipped = { $count ->
    [one] added 1 download
   *[other] added { $count } downloads
}; skipped { $skipped }: { $first }
notice-not-added = Not added: { $error }
notice-close-dialog-first = Finish or close the open dialog first
# The name of a completion group over several transfers: "film.mkv and 2 more".
when-done-name = { $first } and { $others } more

## The monitor

monitor-speeds = Down { $down }/s   Up { $up }/s
monitor-nothing-running = Nothing running
monitor-more = and { $count } more
monitor-upload-name = upload { $name }
monitor-show-tip = Show it in the ferry window

## Remove an unfinished download

remove-title = Remove an unfinished download
remove-question = { $name } has not finished. What happens to what was downloaded so far?
remove-delete-partial = Remove and delete the partial file
remove-delete-partial-tip = Frees the space; the download cannot continue
remove-keep-partial = Remove from the list
remove-keep-partial-tip = The partial file stays beside the others, as NAME.part
remove-remember = Remember my choice
remove-remember-tip = Settings › Removing asks again
dialog-cancel = Cancel

## Add download

add-title = Add download
add-enter-url = Enter a URL
add-no-such-folder = The folder does not exist: { $folder }
add-unusable-name = "{ $name }" is not a usable file name
add-sha256-shape = A SHA-256 is 64 hex digits, as the site publishes it beside the file
add-url = URL
add-folder = Folder
add-choose-folder = Choose…
add-name = Name
add-name-hint = from the server
add-save-as = Save as…
add-sha256-hint = optional: the checksum published beside the file
add-sha256-tip = Checked once the file is whole; a file that does not match never gets its name and is kept as NAME.corrupt
add-from = From
add-start-paused = Start paused
add-ftp-tls = Over TLS (AUTH TLS)
add-ftp-tls-tip = The login and the file travel encrypted, the server's certificate checked as for HTTPS; the download fails if the server cannot
add-add = Add
# Where a download handed over by the browser came from:
# "the browser, 4.20 MiB, with its 2 cookies and the page as referrer".
browser-source = the browser
browser-cookies = { $count ->
    [one] its cookie
   *[other] its { $count } cookies
}
browser-referrer = the page as referrer
browser-with = { $source }, with { $what }
list-and = { $first } and { $second }

## Add upload

upload-title = Add upload
upload-choose-files-first = Choose the files to upload
upload-not-a-file = Not a file: { $path }
upload-enter-url = Enter the URL to send to
upload-give-field-name = Give the files' field name
upload-field-shape = Write the field "{ $line }" as NAME=VALUE
upload-several-to-one-url = Several files to one URL would overwrite each other: end the URL with / to put each under its name
upload-url-takes-no-name = This URL cannot take a file name
upload-send-as = Send as
upload-method-put = PUT (each file becomes the URL's content)
upload-method-post = POST (each file as the request body)
upload-method-multipart = Multipart form (one POST with every file)
upload-method-resumable = Resumable (tus: continues after any interruption)
upload-fields = Fields
upload-fields-hint = name=value, one per line
upload-files-field = Files' field
upload-upload = Upload
upload-files = Files ({ $count })
upload-choose-files = Choose files…
upload-leave-out = Leave this file out
upload-path = Path
upload-path-hint = /home/…/file (Enter adds it)
upload-add-file = Add file

## Credentials, Set URL, links from a page

credentials-title = Credentials
credentials-for = For { $host }. Kept in your keyring (in memory only when none answers), never in ferry's files.
credentials-user = User name
credentials-password = Password
credentials-resume = Resume with these
set-url-title = Set a new URL
set-url-explanation = The download continues from the new URL; what is on disk is kept if the file is the same.
set-url-new = New URL
set-url-set = Set URL
links-title = Download links
links-pick-by-type = Pick by type
links-all = All
links-none = None
links-into = Into { $folder }
links-download = Download { $count }

## Settings

settings-title = Settings
settings-language = Language
# $language: the system's language, in itself ("Français").
settings-language-system = The system's ({ $language })
settings-no-folder = no folder at { $folder }
settings-no-file = no file at { $path }
settings-download-folder = Download folder
settings-simultaneous = Simultaneous transfers
settings-connections-per-download = Connections per download
settings-connections-per-download-tip = The most a large file gets when the server serves byte ranges
settings-connections-per-server = Connections per server
settings-download-limit = Download limit
settings-download-limit-tip = per second, all downloads together
settings-upload-limit = Upload limit
settings-upload-limit-tip = per second, all uploads together
settings-rate-tip = 500K, 2M, 1.5G per second; empty for no limit
settings-unlimited = unlimited
settings-extra-ca = Extra CA certificate
settings-extra-ca-hint = none: the system's roots only
settings-extra-ca-tip = A PEM file of your own CA (private servers), trusted besides the system's roots
settings-proxy = Proxy
settings-proxy-environment = From the environment
settings-proxy-environment-tip = http_proxy, https_proxy, all_proxy and no_proxy of ferry's service
settings-proxy-none = None
settings-proxy-manual = This proxy
settings-proxy-address = Address
settings-proxy-address-hint = http://HOST:PORT or socks5h://HOST:PORT
settings-proxy-not-for = Not for
settings-proxy-not-for-tip = Hosts and domains reached directly, comma-separated
settings-proxy-user = User
settings-proxy-password-tip = Kept in your keyring, never in ferry's files
settings-trusted-certificates = Trusted certificates
settings-forget = Forget
settings-network = Network
settings-metered = This network is metered
settings-metered-tip = Transfers set to wait for an unmetered network wait
settings-over-limit = I am over my data limit
settings-over-limit-tip = On a metered network only transfers set to always use it run
settings-block-background = Block background data
settings-block-background-tip = Every transfer waits
settings-battery = Battery
settings-save-battery = Save battery
settings-save-battery-tip = Transfers not marked to keep going on battery wait
settings-battery-threshold = Pause on battery below
settings-schedule = Schedule
settings-schedule-tip = Change it with `ferry schedule`
settings-schedule-none = none: transfers run at any time
settings-background = Background
settings-keep-running = Keep running in the background
settings-keep-running-tip = Off: ferry's service stops once nothing runs or waits and no window is open
settings-autostart = Start with my session
settings-browser = Browser
settings-browser-without-asking = Start browser downloads without asking
settings-browser-without-asking-tip = Off: a download handed over by ferry's browser extension waits in the add dialog
settings-removing = Removing
settings-remove-ask = Ask what to do with an unfinished download
settings-remove-delete = Delete an unfinished download's partial file
settings-remove-keep = Keep an unfinished download's partial file
settings-file-types = File types
settings-sort-by-type = Sort downloads into a folder per type (Downloads/Videos, …)
settings-sort-by-type-tip = Downloads into the download folder go to their type's folder; a file of no type stays in the download folder
settings-types = Types and their extensions
settings-clipboard = Clipboard
settings-watch-clipboard = Offer links to files I copy
settings-watch-clipboard-tip = A copied link to an archive, a disc image, a video, music or a document opens the add dialog (once per link)
settings-ftp-tls = Always over TLS (AUTH TLS)
settings-ftp-tls-tip = Every ftp:// download encrypts its login and data and checks the server's certificate, or fails
settings-notifications = Notifications
settings-notify = Notify when transfers end
settings-notify-failures-only = Only when one fails
settings-theme = Theme
settings-theme-system = Follow system
settings-theme-light = Light
settings-theme-dark = Dark
settings-save = Save

## File types (Settings), a download's policy form

categories-name = Name
categories-name-tip = Also the name of its folder
categories-extensions = Extensions
categories-mime-types = MIME types
categories-mime-types-tip = Whole types (application/pdf) or families (video/*)
categories-remove = Remove this category
categories-add = Add a category
categories-restore = Restore the defaults
policy-group-none = none
policy-unconstrained = Keep going on a low battery and in power-saving mode
policy-headers = Headers ({ $count })
policy-header-name = Name
policy-header-value = value
policy-header-remove = Remove this header
policy-header-add = Add header

## Prefetched

prefetch-heading = Prefetched
prefetch-explanation = ferry keeps a fresh copy of these, fetched ahead of time when the network is not metered and the computer is on mains power; an unchanged resource costs one short request.
prefetch-empty = Nothing prefetched yet.
prefetch-every = Every
prefetch-last-fetched = Last fetched
prefetch-state = State
prefetch-open = Open
prefetch-open-tip = Open the copy (a list's folder)
prefetch-refresh = Refresh
prefetch-refresh-tip = Refresh now, as soon as the network and the power supply allow
prefetch-remove-tip = Stop prefetching it and delete the copies
prefetch-list-of = (a list of { $count } URLs)
prefetch-not-yet = not yet
prefetch-refreshing = refreshing…
prefetch-waits = waits: { $reason }
prefetch-up-to-date = up to date
prefetch-soon = soon
prefetch-keep-copy-of = Keep a fresh copy of
prefetch-is-list = It is a list of URLs
prefetch-is-list-tip = A text file naming up to 40 URLs, one per line: each is kept
prefetch-refreshed = refreshed
# $interval: "6h", "1d" (as `ferry prefetch add --every` takes it).
prefetch-every-interval = every { $interval }
prefetch-just-now = just now
prefetch-ago = { $duration } ago

## When these finish

when-done-choose = Choose a notification or an action
when-done-title-transfers = { $count ->
    [one] When this finishes
   *[other] When these { $count } finish
}
when-done-title-group = When group { $group } finishes
when-done-once = Once every one of them has ended (completed, failed or canceled), once.
when-done-each-time = Each time the group's transfers have all ended.
when-done-notify = Show a notification
when-done-no-action = No action
when-done-open-folder = Open the folder
when-done-open-files = Open the files
when-done-run = Run a program
when-done-program = Program
when-done-program-tip = A name looked up in PATH now, or a path
when-done-arguments = Arguments
when-done-arguments-tip = One argument per line. A line that is just { "{path}" }, { "{name}" } or { "{url}" } becomes one argument per file; { "{status}" } or { "{group}" } the group's; inside other text they stay as written
when-done-time-limit = Time limit
when-done-minutes = minutes, then it is stopped
when-done-json-note = The results of every transfer come as JSON on the program's input.
dialog-ok = OK

## Opening the window

error-service-did-not-start = the ferry service did not start
error-no-event-stream = the connection has no event stream
error-no-graphical-session = no graphical session here (neither DISPLAY nor WAYLAND_DISPLAY is set): use `ferry get URL`, or see `ferry --help`
error-cannot-open-window = cannot open the window on display { $display }: { $cause }

## The network and the power supply, described (status bar tooltips, `ferry policy`)

connectivity-unknown = connectivity unknown
connectivity-none = offline
connectivity-portal = behind a captive portal (log in to the network)
connectivity-limited = limited connectivity
connectivity-full = online
network-state-metered = metered
network-state-roaming = roaming
source-not-read-yet = not read yet
network-source-link-state = link state of the interfaces: NetworkManager is not running, so a metered network is known only from the switch
# "online, metered (NetworkManager)"
state-with-source = { $state } ({ $source })
power-state-battery-percent = on battery, { $percent } %
power-state-battery = on battery
power-state-mains = on mains power
power-state-unknown = battery unknown (UPower is not running; use the save-battery switch)
power-state-saver = power saver on

## When done: what it does, how it went

when-done-does-open-folder = open the folder
when-done-does-open-file = open the file
when-done-does-run = run { $program }
when-done-does-notify-and = notify, { $action }
when-done-does-notify = notify
when-done-does-nothing = nothing
outcome-no-action = no action
outcome-started = action running
outcome-interrupted = the action was cut short when ferry stopped; it was not run again
outcome-opened = opened
outcome-succeeded = the program succeeded
outcome-failed-with = the program failed with exit status { $code }
outcome-killed = the program was killed
outcome-timed-out = the program ran too long and was killed
outcome-failed = the action failed: { $reason }
summary-downloads-finished = { $count ->
    [one] 1 download finished
   *[other] { $count } downloads finished
}
summary-uploads-finished = { $count ->
    [one] 1 upload finished
   *[other] { $count } uploads finished
}
summary-transfers-finished = { $count ->
    [one] 1 transfer finished
   *[other] { $count } transfers finished
}
summary-failed = { $count } failed
summary-canceled = { $count } canceled or removed
completion-not-enabled = not enabled yet ({ $count ->
    [one] 1 member
   *[other] { $count } members
})
completion-waiting = waiting for { $left } of { $count }

## Why a transfer failed or waits (window and command line)

# $reason: the status's reason phrase after a space (" Not Found") or empty;
# $advice: what to do (one of the advice-… words).
error-http = the server answered { $status }{ $reason }
error-http-advice = the server answered { $status }{ $reason }; { $advice }
advice-credentials = give credentials (--user) or a header (-H)
advice-expired = the link may have expired: set a new URL (ferry set-url)
advice-check-url = check the URL
error-no-response = no response within { $timeout } s from { $url }
error-connect = cannot connect to { $host }:{ $port }: { $cause }
error-untrusted-certificate = the TLS certificate of { $host }:{ $port } is not trusted ({ $cause }); { $hint }
certificate-pin-hint = its SHA-256 fingerprint is { $fingerprint }: if that is your server's certificate (compare it on the device), trust it for this host with --pin-cert { $fingerprint } or the window's Trust this certificate
certificate-self-made-ca = it is a self-made CA certificate used by the server itself, which --ca-cert cannot make trusted; ferry always verifies certificates
certificate-always-verified = ferry always verifies certificates (a private CA can be added with --ca-cert)
error-certificate-changed = the TLS certificate of { $host }:{ $port } is not the one you trusted for it: it shows { $shown }, you pinned { $pinned }. Someone may be between you and the server; if the server really got a new certificate (compare it on the device), trust the new one with --pin-cert { $shown }
ftp-530 = the FTP server refused the login; give the user name with --user NAME (anonymous was tried without one)
ftp-550 = no such file on the FTP server (or it may not be read)
ftp-421 = the FTP server is closing the connection or has too many
ftp-425 = the FTP server's data connection failed
ftp-450 = the FTP server could not read the file just now
ftp-452 = the FTP server ran out of room
ftp-refused = the FTP server refused
error-stalled = no data for { $secs } s; the connection stalled
error-too-slow = the server sent only { $bytes } bytes in { $secs } s (less than { $minimum } bytes/s); the connection is too slow
error-broke-at = the connection broke at byte { $position }: { $cause }
error-closed-at = the connection closed at byte { $position } of { $total }
error-responses-do-not-fit = the server keeps sending responses that do not fit ({ $reason }); nothing was written from them
error-fetched-too-much = fetched { $fetched } bytes for a file of { $total } bytes without finishing it: the server keeps breaking off and does not resume; try again later or from another server
error-bytes-missing = { $missing } bytes are still missing and no connection is left
error-invalid-header = the header "{ $name }" is not valid HTTP; add the transfer again with a valid one
error-cannot-write = cannot write { $path }: { $cause }
error-cannot-read = cannot read { $path }: { $cause }
error-cannot-publish = cannot move { $path } into place: { $cause }
error-file-name = cannot choose a file name: { $cause }
error-checksum-mismatch = checksum mismatch: expected SHA-256 { $expected }, got { $actual }; { $kept }
error-checksum-kept = the download was kept as { $path } (delete it, or check the checksum's source)
error-checksum-nothing-kept = nothing was kept
error-recoverable-status = the server answered { $status }; set a new URL (ferry set-url { $id } URL) to resume
error-upload-redirected = the server answered { $status } and points the upload to { $location }; ferry does not send a file to a place it was not given: upload to that URL
error-not-a-file = { $path } is not a file; ferry uploads files
error-file-changed = { $path } changed while it was sent; sending it again
error-part-file-replaced = the .part file was replaced by one ferry did not make ({ $reason }); nothing was written to it, and the download starts over in a new file
# $delay: a duration ("42 s").
error-retrying = { $cause }; retrying in { $delay }
error-secrets-missing = its password, secret headers or cookies are not in the keyring (ferry writes them nowhere else); give them again: ferry resume ID --user NAME, the window's Credentials…, or the same ferry get with --user, -H or --cookies
error-post-not-repeated = { $cause }; a POST is not sent twice by ferry on its own: resume it to send it again
error-not-resumable = the server does not take resumable uploads (tus 1.0): { $what }
error-checksum-refused = the server refused a chunk { $times } times for a wrong checksum; the network may corrupt data
error-internal = internal error: { $what }

## Notifications

notify-downloaded = Downloaded { $name } ({ $size })
notify-uploaded = Uploaded { $name } ({ $size })
notify-download-failed = Download failed: { $name }
notify-upload-failed = Upload failed: { $name }
notify-failed-names = Failed: { $names }
notify-failed-names-more = Failed: { $names } and { $more } more
notify-show-in-ferry = Show in ferry
notify-open = Open
notify-show-in-folder = Show in folder

## The tray icon: its tooltip and menu

tray-nothing-running = Nothing running
tray-running = { $count } running
# "45% of 1.20 GiB"
tray-percent-of = { $percent } of { $total }
tray-waiting = { $count } waiting
tray-quit = Quit
tray-stop-and-quit = { $count ->
    [one] Stop the running transfer and quit
   *[other] Stop { $count } running transfers and quit
}
tray-open = Open ferry
tray-show-monitor = Show monitor
tray-pause-all = Pause all
tray-resume-all = Resume all

## The desktop's file dialog

file-dialog-waiting = Still waiting for the desktop's file dialog; you can type the path here instead
file-dialog-unavailable = No file dialog could be shown (no XDG desktop portal or zenity); type the path here
file-dialog-upload-title = Files to upload

plot-speed-unit = MiB/s

## Categories by file type (the names ferry gives; the folders keep them)

category-videos = Videos
category-music = Music
category-archives = Archives
category-documents = Documents
category-programs = Programs
category-images = Images
category-other = Other
add-sha256 = SHA-256
settings-ftp = FTP

## The command line: ferry get, add, put

cli-interrupted = interrupted; { $what_now }
cli-output-takes-one-url = -o FILE takes one URL; use -d DIR for several
cli-sha256-one-url = --sha256 checks one file; give one URL
cli-url-twice = the same URL is given twice: { $url }
cli-ftp-ssl-not-ftp = --ftp-ssl is for ftp:// URLs, not { $url }
cli-accept-encoding-note = note: your Accept-Encoding is not sent; ferry asks for the file as the server stores it (identity), so the bytes saved are the file's and a download can resume where it stopped
cli-second-copy = note: transfer { $id } downloads { $url } too, into { $folder }; this is a second copy

cli-invalid-file = invalid file { $path }
cli-cannot-read = cannot read { $path }
cli-put-not-a-file = { $path } is not a file; ferry put sends one file
cli-cannot-read-stdin = cannot read URLs from stdin
cli-cannot-read-list = cannot read the URL list { $list }
cli-list-line = { $list } line { $line }
cli-no-url = no URL given; usage: ferry get URL... [-i LIST]
cli-invalid-output = invalid output path { $path }
cli-output-is-folder = { $path } is a folder; use -d to download into a folder
cli-invalid-folder = invalid folder { $path }
cli-cannot-create-folder = cannot create the folder { $path }
cli-no-current-folder = cannot read the current folder
cli-no-such-folder = the folder does not exist: { $path }
cli-cannot-use-folder = cannot use the folder ({ $error }): { $path }
cli-not-a-folder = not a folder: { $path }
cli-cannot-write-folder = cannot write to the folder { $path }
cli-user-shape = give credentials as --user NAME or --user NAME:PASSWORD
cli-password-prompt = password for { $user }
cli-cannot-ask-password = cannot ask the password for { $user } ({ $error }); give --user { $user }:PASSWORD or --netrc
cli-sha256-auto-needs-url = --sha256 auto needs the download's URL
cli-sha256-shape = --sha256 needs 64 hex digits or a checksum file, got "{ $given }"
cli-not-a-sha256 = "{ $hash }" is not a SHA-256 (64 hex digits)
cli-no-sha256-line = no line for { $name } in it
cli-no-sha256-line-unnamed = no line for the file in it (give -o NAME)

## The command line: acting on saved transfers

cli-interrupted-resume = interrupted; `ferry resume { $id }` continues it
cli-paused = paused { $id }
cli-canceled = canceled { $id }
cli-set-what = say what to change: --priority, --cost-policy or --limit-rate
cli-changed = changed { $id }
cli-removed-keeping-partial = removed (its partial file stays) { $id }
cli-removed = removed { $id }
cli-clear-what = say what to clear: ferry clear --completed and/or --failed
cli-cleared = { $count ->
    [one] cleared 1 transfer
   *[other] cleared { $count } transfers
}
cli-next = will download next: { $id }
cli-resumed = resumed { $id }
cli-url-set = set the URL of { $id }

cli-form-of = a form of { $count ->
    [one] 1 file
   *[other] { $count } files
} ({ $files })
cli-form-and-fields = { $form } and { $fields ->
    [one] 1 field
   *[other] { $fields } fields
}
cli-interrupted-remote = paused in ferry's service; run the same command again (or `ferry resume ID`) to continue
cli-interrupted-local = run the same command again to resume
cli-when-done-waits = the --when-done action waits until every transfer has ended
cli-when-done-outcome = when done: { $outcome }
cli-invalid-id = invalid transfer ID "{ $id }"; IDs are hex, as `ferry list` shows them
cli-no-such-id = no transfer with ID { $id }; see `ferry list`
cli-ambiguous-id = ID { $id } matches { $count } transfers; type more digits
cli-sent = sent { $what } to { $url }
cli-answered = it answered { $status }
cli-answered-with = it answered { $status }: { $text }
cli-saved = saved { $path }
cli-no-data-folder = cannot find a data directory (is HOME set?); pass --state-dir
cli-showing-saved-state = { $error }; showing the last saved state
cli-windows-will-not-see = { $error }; other ferry windows will not see these transfers

## The command line: ferry list

cli-no-transfers = no transfers
cli-column-id = ID
cli-column-status = STATUS
cli-column-progress = PROGRESS
cli-column-speed = SPEED
cli-column-eta = ETA
cli-column-group = GROUP
cli-column-name = NAME
# "45% of 1.20 GiB"
cli-percent-of = { $percent } of { $total }
# A size received when the whole is not known: "12.00 MiB of ?"
cli-size-unknown = { $done } of ?
cli-status-interrupted = interrupted
cli-status-stopped = stopped until ferry runs
cli-upload-name = upload { $name } to { $host }

## The command line: progress

# After the speed of a running bar: the time left ("eta 3 min 05 s").
cli-progress-left = eta { $left }
cli-progress-done = done

## The command line: the service

cli-service-running-on = service { $pid } running on { $folder }
cli-no-tray-icon = no tray icon ({ $error }); ferry runs on without one
cli-asked-to-quit = asked to quit
cli-quit-from-tray = quit from the tray
cli-state-folder-gone = the state folder is gone; stopping
cli-nothing-to-do = nothing to do; stopping
cli-cannot-open-window = cannot open the window: { $error }
cli-no-service = no service is running
cli-service-did-not-stop = the service (pid { $pid }) did not stop within 30 s
cli-service-stopped = service { $pid } stopped
cli-service-keeps-running = keeps running in the background once a window used it (or `ferry daemon` started it)
cli-service-stops-when-idle = stops when nothing runs or waits and no window is open
cli-notifications-off = off
cli-notifications-failures = for failures only
cli-notifications-on = on
cli-service-status = running (pid { $pid }); { $background }; notifications { $notifications }
cli-service-not-running = not running
cli-cannot-write-output = cannot write the output: { $error }
cli-no-command = no command given; see `ferry --help`

## The command line: limits and policy

cli-download-limit = download limit: { $limit }
cli-upload-limit = upload limit: { $limit }
cli-schedule-sets-limits = (the schedule sets its own limits: `ferry schedule`)
cli-policy-network = network:  { $network }
cli-policy-power = power:    { $power }
cli-policy-switches = switches: metered { $metered }, over data limit { $over_limit }, block background data { $block_background }, save battery { $save_battery }, battery threshold { $threshold } %
cli-policy-waiting = waiting:  { $waiting }

## The command line: groups

cli-group-serialized = group "{ $name }" runs one at a time
cli-group-parallel = group "{ $name }" runs its members together
cli-group-deleted = group "{ $name }" deleted; its transfers stay, in no group
cli-group-when-done = when group "{ $name }" finishes: { $action }
cli-no-groups = no groups yet; `ferry group add NAME` creates one
cli-column-when = WHEN
cli-column-done-for = DONE FOR
cli-column-action = ACTION
cli-column-state = STATE
cli-column-behavior = BEHAVIOR
cli-column-members = MEMBERS
cli-column-unfinished = UNFINISHED
cli-column-when-done = WHEN DONE
cli-behavior-serialized = serialized
cli-behavior-parallel = parallel

## The command line: prefetching

cli-age-days = { $count ->
    [one] 1 day
   *[other] { $count } days
}
cli-prefetch-added = prefetch entry { $id }: { $url }, refreshed every { $interval } when the network is not metered and the computer is on mains power
cli-prefetch-removed = prefetch entry { $id } removed, with its copies
cli-prefetch-asked-waits = asked; prefetching waits now: { $reason }
cli-prefetch-asked = asked; `ferry prefetch list` shows when each was last fetched
cli-prefetch-nothing = nothing prefetched; `ferry prefetch add URL` keeps a fresh copy of it
cli-column-every = EVERY
cli-column-last-fetched = LAST FETCHED
cli-column-size = SIZE
cli-column-url = URL
cli-never = never
cli-bad-prefetch-id = bad prefetch entry "{ $id }": give its number from `ferry prefetch list`

cli-age-seconds = { $count } s
cli-age-minutes = { $count } min
cli-age-hours = { $count } h

## The command line: proxy, uploads, schedule, streams, the window

cli-noproxy-needs-url = --noproxy goes with a proxy URL: ferry proxy URL --noproxy LIST
cli-noproxy-not-with = --noproxy goes with a proxy URL, not with "{ $setting }"
cli-proxy-environment = proxy: from the environment (http_proxy, https_proxy, all_proxy, no_proxy)
cli-proxy-none = proxy: none
cli-proxy-manual = proxy: { $url }
cli-proxy-manual-except = proxy: { $url }, not for { $except }
cli-file-field-needs-name = --file-field needs a name
cli-field-shape = invalid --field "{ $field }"; write it as NAME=VALUE
cli-upload-interrupted-resumable = run the same command again to continue where the server has it
cli-upload-interrupted = run the same command again to send it again
cli-no-schedule = no schedule: transfers run at any time, at the global limit
cli-runs-at-any-time = runs at any time
cli-transfer-went-away = the transfer went away
cli-stream-upload = { $id } is an upload: there is nothing to play
cli-no-streams = ferry's service serves no streams (its log, service.log, says why)
cli-where-installed = cannot find where ferry is installed
cli-window-not-installed = the window is not installed: { $path } is missing (scripts/setup.sh installs it beside ferry)
cli-cannot-start-window = cannot start the window ({ $path })
cli-jobs-for-get = -j applies to `ferry get`; the service runs as many as its setting says

## What was typed, refused (command line and window)

input-invalid-url = invalid URL "{ $text }": { $reason }
input-url-too-long = it is { $bytes } bytes long; ferry takes URLs of up to { $most } bytes
input-no-scheme = no scheme; write https://{ $typed } (or http://, ftp://)
input-no-host = no host
input-unsupported-scheme = unsupported URL scheme "{ $scheme }" (ferry downloads { $schemes }): { $text }
input-unsupported-upload-scheme = ferry uploads over http and https, not { $scheme } (FTP is for downloads): { $text }
input-invalid-interval = bad interval "{ $text }": { $reason }; write it like 6h, 30m, 1d or "1h 30m"
input-interval-too-short = refreshing more often than once a minute is not offered
input-unsupported-prefetch-scheme = ferry prefetches over http and https, not { $scheme }: { $text }
input-header-without-colon = invalid header "{ $text }"; write it as 'Name: value'
input-invalid-header-name = invalid header name "{ $name }"
input-invalid-header-value = invalid value for header { $name }
input-invalid-rate = bad rate "{ $text }": { $reason }
input-rate-shape = use bytes per second like 500K, 2M or 1.5G
input-rate-positive = it must be a positive number
input-rate-too-high = at most 4G per second
input-invalid-group-name = bad group name "{ $name }": { $reason }
input-group-empty = a group name cannot be empty
input-group-too-long = a group name is at most 64 characters
input-group-control = a group name cannot hold control characters
input-invalid-time-window = bad time window "{ $text }": { $reason }; write it like "mon-fri 08:00-18:00" or "22:00-06:00"
input-window-days = unknown days
input-window-start-end = the times need a start and an end
input-window-clock = a time is not HH:MM
input-window-24 = a window cannot start at 24:00
input-program-not-found = cannot run "{ $name }": { $reason }
input-no-program = no program given
input-not-executable = not an executable file
input-not-in-path = not found in PATH
input-invalid-when-done = bad --when-done "{ $text }"; write notify, open-folder, open-file or run PROGRAM [ARG...], last on the line
input-path-not-utf8 = { $path } is not valid UTF-8; ferry keeps its list as text: rename it (or its folder) and try again
input-relative-path = { $path } is a relative path; the service needs absolute paths (the command line makes them)


## The engine refused

engine-unknown-transfer = no transfer with id { $id }
engine-duplicate-url = { $url } is already being downloaded (transfer { $other }); resume or cancel that one
engine-stopped = the engine has stopped
engine-busy = the engine is busy; try again
engine-duplicate-destination = another transfer ({ $other }) already downloads to { $path }
# $what: what was asked (one of the engine-what-… words).
engine-invalid-for-status = transfer { $id } is { $status }; { $what } is not possible
engine-unknown-group = there is no group "{ $name }"; `ferry group list` shows the groups
engine-unknown-prefetch = there is no prefetch entry { $id }; `ferry prefetch list` shows them
engine-duplicate-prefetch = { $url } is already in the prefetch list (entry { $other })
engine-unknown-completion-group = there is no completion group { $id }; `ferry group list` shows them
engine-completion-group-enabled = completion group { $id } is already enabled; members can only be added before
engine-relative-program = the action program must be an absolute path (it was looked up in PATH when the group was made): { $path }
engine-post-cannot-pause = transfer { $id } is a POST, which cannot be paused (it would be sent again from the start); cancel it instead
engine-not-in-group = transfer { $id } is in no group; only a group member can be made current
engine-cannot-start = cannot start the engine: { $error }
engine-http-client = cannot build the HTTP client: { $error }
engine-ca-certificate = cannot use the CA certificate { $path }: { $reason }
engine-unusable-proxy = the proxy in { $variable } ({ $proxy }) is not one ferry can use; give an http://, https:// or socks5:// proxy, or unset { $variable }
engine-tls = cannot set up TLS: { $error }
engine-reader-needs-local = a file can be read while it downloads only in the process that runs the engine

engine-already-known = already known
engine-what-adding-again = adding it again
engine-what-resuming = resuming
engine-what-pausing = pausing
engine-what-canceling = canceling
engine-what-making-current = making it current

## The command line: transfer options

cli-proxy-password-prompt = password for { $user } at the proxy
cli-cannot-ask-proxy-password = cannot ask the proxy's password for { $user } ({ $error }); write it in the proxy's URL
cli-pin-cert-not-https = --pin-cert trusts a TLS certificate; { $url } is not https
cli-pin-cert-one-host = --pin-cert trusts one server's certificate; these URLs are on { $count } hosts
cli-stays-in-group = { $id } stays in group "{ $group }"; --group applies to new transfers only
cli-stays-in-no-group = { $id } stays in no group; --group applies to new transfers only
cli-started-without-ftp-ssl = { $id } was started without --ftp-ssl; remove it (ferry remove { $id }) and run this again to fetch it over TLS
cli-keeps-pausing-on-battery = { $id } keeps pausing on a low battery; --unconstrained applies to new transfers only

cli-no-keyring = no keyring answers ({ $reason }); passwords, secret headers and cookies are kept in memory only, and after a restart the transfer waits for them

## The command line: the browser hand-off

cli-browser-asks = browser downloads wait in ferry's add dialog
cli-browser-starts = browser downloads start at once, into the download folder
cli-browser-removed = removed { $path }
cli-browser-uninstalled = the browser hand-off is uninstalled; remove ferry's extension in the browser too
cli-browser-host-installed = host installed
cli-browser-other-host = a manifest for another host ({ $path })
cli-browser-host-not-installed = host not installed: run `ferry browser install`
cli-browser-extension-folder = extension folder: { $folder }
cli-browser-extension-folder-unwritten = extension folder: { $folder } (not written yet)
cli-browser-extension-ids = extension IDs: { $ids }
cli-browser-never-talked = its extension has not talked to ferry yet
cli-browser-last-talked = its extension last talked to ferry { $ago } ago

# "ID failed: WHY" and "ID failed: WHY: URL" ($status: a status word).
cli-failed-line = { $id } { $status }: { $why }
cli-failed-line-url = { $id } { $status }: { $why }: { $url }

cli-column-added = ADDED
details-added = Added

## Why the policy holds a transfer (the status says the first clause)

hold-no-network = no network
hold-portal = behind a captive portal: log in to the network
# $window: the schedule's hours ("mon-fri 22:00-06:00").
hold-outside-hours = outside the schedule's hours (runs { $window })
hold-on-battery = on battery
hold-background-blocked = background data is blocked (ferry policy --block-background-data off)
hold-roaming = roaming: only transfers with cost policy always run
hold-over-data-limit = over the data limit on a metered network: only cost policy always runs
hold-metered = the network is metered; this transfer runs on unmetered networks only
hold-battery-below = on battery below { $threshold } %
hold-power-saver = power-saving mode is on
hold-save-battery = the save-battery switch is on (ferry policy --save-battery off)
hold-waiting-for-host = waiting for a connection to { $host } (other downloads use all of them; Settings › Connections per server)

cli-switch-on = on
cli-switch-off = off

## Reaching the service

service-unsafe-runtime = the runtime folder { $path } is not this user's alone (it must be a folder of yours with mode 0700)
service-refused = the ferry service refused this client: { $reason }
service-garbled = the ferry service answered in a form this ferry cannot read (another version?); stop it with `ferry quit` and try again
service-silent = the ferry service did not answer in time
service-lost = the connection to the ferry service was lost
service-did-not-start = the ferry service did not start; its log is { $log }
service-did-not-start-because = the ferry service did not start ({ $last_line }); its log is { $log }

## The schedule, in lines (`ferry schedule`, Settings)

# $window: days and hours as `ferry schedule` takes them ("mon-fri 08:00-18:00").
schedule-limit = limit { $window }: { $limit }
schedule-only-between = only between { $window }

cli-browser-none-found = no browser found for this user (ferry looks for Chromium, Chrome, Brave, Edge, Vivaldi, Opera, Firefox, LibreWolf and their Flatpaks); run this again after starting one once
cli-browser-extension-steps = the extension: { $folder }
      Chromium family: open chrome://extensions, turn on Developer mode, Load unpacked, pick that folder (its ID is { $id })
      Firefox: open about:debugging, This Firefox, Load Temporary Add-on, pick manifest.json in it

## The service's file and socket errors ("cannot open PATH: why")

service-io-start-runtime = cannot start the service runtime
service-io-start-thread = cannot start the service thread
service-io-start-client-runtime = cannot start the client runtime
service-io-start-client-thread = cannot start the client thread
service-io-connect = cannot connect to
service-io-create = cannot create
service-io-open = cannot open
service-io-resolve = cannot resolve
service-io-start-service = cannot start the service
service-io-resolve-state = cannot resolve the state folder
service-io-create-runtime = cannot create the runtime folder
service-io-read = cannot read
service-io-remove-socket = cannot remove the old socket
service-io-listen = cannot listen on
service-io-restrict = cannot restrict

# $what: one of the service-io-… words.
service-io = { $what } { $path }: { $error }

