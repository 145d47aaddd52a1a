# ferry의 한국어 문구. 모든 메시지는 i18n/en/ferry.ftl과 같은 ID와 같은
# 변수를 씁니다. docs/translating.md를 보세요.

## 상태 표시줄

status-bar-idle = 대기 중
status-bar-total-speed = 전체 { $speed }
status-bar-counts = 진행 { $active } · 대기 { $queued } · 일시 정지 { $paused }
network-offline = 오프라인
network-portal = 종속 포털: 네트워크에 로그인하세요
network-background-blocked = 백그라운드 데이터 차단됨
network-roaming = 로밍
network-metered = 데이터 요금제 네트워크
network-limited = 제한된 연결
network-plain = 네트워크
# $network: 위의 network-… 문구 중 하나.
network-link-state = { $network } (링크 상태)
network-held-offline = { $network }: 전송 { $count }개가 네트워크를 기다림
network-held-metered = { $network }: 전송 { $count }개가 무제한 네트워크를 기다림
network-held-background = { $network }: 전송 { $count }개가 백그라운드 데이터를 기다림
network-no-network-manager = NetworkManager가 실행 중이 아닙니다: ferry는 인터페이스의 링크 상태만 따르며 데이터 요금제 네트워크를 알 수 없습니다. 설정에서 "이 네트워크는 데이터 요금제"를 켜세요
power-battery-percent = 배터리 사용 중 { $percent }%
power-battery = 배터리 사용 중
power-saver = 절전 모드
power-saving-battery = 배터리 절약 중
power-held-by-policy = 정책에 따라 보류됨
power-held = { $power }: 전송 { $count }개 일시 정지
power-no-upower = UPower가 실행 중이 아닙니다: ferry가 배터리를 볼 수 없습니다. 설정에서 "배터리 절약"을 쓰세요

## 선택한 전송의 세부 정보

details-nothing-selected = 선택한 항목 없음
details-requested-url = 요청한 URL
details-actual-url = 실제 URL
details-response = 응답
details-resumable = 이어받기 가능
details-yes = 예
details-no = 아니요
details-answer = 서버의 답
details-sends = 보내는 파일
details-method = 방식
details-sent = 보낸 양
details-proxy = 프록시
details-proxy-environment = 환경 변수의 것
details-proxy-none = 없음
details-restarts = 처음부터 다시 받은 횟수
details-status = 상태
details-certificate = 인증서
details-waits-because = 기다리는 이유
details-problem = 문제
details-progress-flags = 진행 플래그
details-flags-restarted-and-changed = 처음부터 다시 시작함; 새 응답이 이전 응답을 대신함
details-flags-restarted = 처음부터 다시 시작함
details-flags-changed = 새 응답이 이전 응답을 대신함
details-flags-none = 없음
details-priority = 우선순위
details-group = 그룹
details-response-headers = 응답 헤더
details-headers-left-out = 헤더 { $count }개는 너무 커서 보관하지 않았습니다
details-trust-new-certificate = { $host }의 새 인증서 신뢰
details-trust-certificate = { $host }에 이 인증서 신뢰
details-trust-certificate-tip = 장치에 표시되는 인증서일 때만 신뢰하세요: 그곳에서 지문을 비교하세요. ferry는 이것을 설정에 보관하고 { $host }의 다른 인증서는 모두 거부합니다.
details-ranges-on-disk = 디스크에 있는 구간 { $count }개
# 파일 이름이 아직 정해지지 않은 다운로드.
details-path-in-folder = { $folder } 안
details-path = 경로
details-on-disk = 디스크에 있는 양
details-ranges = 구간
# "4.00MiB 중 1.50MiB"
amount-of = { $total } 중 { $done }
details-when-done = 끝나면

## 상태, 우선순위, 비용 정책 (창과 명령줄)

status-queued = 대기 중
status-running = 진행 중
status-paused = 일시 정지됨
status-waiting-unmetered = 무제한 네트워크를 기다리는 중
status-waiting-network = 네트워크를 기다리는 중
status-needs-new-url = 일시 정지됨: 새 URL이 필요함
status-paused-by-policy = 시스템 정책으로 일시 정지됨
status-completed = 완료됨
status-canceled = 취소됨
status-failed = 실패함
# $reason: 전송을 붙잡고 있는 것 ("background data is blocked").
status-waiting-because = 기다리는 중: { $reason }
priority-high = 높음
priority-default = 보통
priority-low = 낮음
cost-policy-default = 로밍 중이거나 데이터 한도를 넘지 않았으면 사용
cost-policy-unrestricted-only = 무제한 네트워크를 기다림
cost-policy-always = 항상 사용

## 전송 목록

table-empty = 전송이 없습니다. Ctrl+N으로 다운로드를 추가하거나 Ctrl+V로 URL을 붙여 넣으세요.
column-name = 이름
column-size = 크기
column-progress = 진행률
column-speed = 속도
column-eta = 남은 시간
column-status = 상태
column-priority = 우선순위
table-upload-name = { $name } (업로드)
table-upload-to = { $url }(으)로 업로드
menu-priority = 우선순위
menu-on-metered-networks = 데이터 요금제 네트워크에서

## 창에서 보이는 문제 설명

problem-recoverable-status = 서버가 { $status }(으)로 답했습니다. URL 변경…으로 새 링크를 주세요 (행을 오른쪽 클릭)
problem-secrets-missing = 비밀번호가 보관되지 않았습니다 (ferry는 비밀번호를 디스크에 쓰지 않습니다). 자격 증명…으로 다시 주세요 (행을 오른쪽 클릭)
# $delay: 시간 ("42초").
problem-retrying = { $problem }; { $delay } 후 다시 시도

## 동작: 도구 모음과 행 메뉴 (버튼, 그다음 도움말)

action-add-download = 다운로드 추가…
action-add-download-tip = URL 다운로드 (Ctrl+N)
action-add-upload = 업로드 추가…
action-add-upload-tip = 파일 보내기: PUT, POST, 멀티파트 양식 또는 이어 올리기 (Ctrl+U, 또는 파일을 창에 끌어다 놓기)
action-pause = 일시 정지
action-pause-tip = 받은 부분을 보관하고 일시 정지 (Space)
action-resume = 다시 시작
action-resume-tip = 멈춘 곳에서 계속 (Space)
action-cancel = 취소
action-cancel-tip = 멈추고 부분 파일 삭제
action-remove = 제거
action-remove-tip = 목록에서 제거. 완료된 파일은 남습니다 (Delete)
action-open-file = 파일 열기
action-open-file-tip = 다운로드한 파일 열기
action-open-while-downloading = 받는 중에 열기
action-open-while-downloading-tip = 끝나기 전에 재생하거나 읽기: 플레이어가 ferry에서 받고, 요청한 부분을 먼저 받습니다
action-open-folder = 폴더 열기
action-open-folder-tip = 파일이 있는 폴더 열기
action-copy-url = URL 복사
action-copy-url-tip = URL을 클립보드에 복사
action-set-url = URL 변경…
action-set-url-tip = 링크가 만료된 경우 등에 새 URL 주기
action-credentials = 자격 증명…
action-credentials-tip = 서버의 사용자 이름과 비밀번호 주기 (메모리에만 보관)
action-download-next = 다음에 받기
action-download-next-tip = 그룹의 맨 앞으로 옮깁니다. 하나씩 받는 그룹에서는 진행 중인 전송이 기다립니다
action-when-done = 이것들이 끝나면…
action-when-done-tip = 모두 끝나면 알림, 폴더 열기 또는 프로그램 실행 (Ctrl+클릭으로 여러 개 선택)
action-settings = 설정…
action-settings-tip = 폴더, 속도 제한, 네트워크와 배터리, 알림, 테마
action-monitor = 모니터
action-monitor-tip = 진행 중인 전송을 보여 주는 항상 위의 작은 창

## 왼쪽 패널: 그룹과 필터

panel-transfers = 전송
panel-all = 전체 ({ $count })
panel-completed = 완료 ({ $count })
panel-failed = 실패 ({ $count })
panel-by-type = 종류별
panel-prefetched = 미리 받기 ({ $count })
panel-prefetched-tip = 조건이 좋을 때 미리 받아 ferry가 새 사본을 유지하는 리소스
panel-total-speed-plot = 전체 전송, MiB/s
# 그룹 이름과 개수 뒤: "nightly (2), 하나씩".
group-serialized-marker = , 하나씩
group-serialized-tip = 우선순위 순서로 하나씩 (오른쪽 클릭으로 변경)
group-parallel-tip = 구성원이 함께 진행 (오른쪽 클릭으로 변경)
group-when-done-tip = 전송이 모두 끝나면: { $action }
group-one-at-a-time = 하나씩
group-when-done = 그룹이 끝나면…
group-when-done-button-tip = 전송이 모두 끝날 때마다 알림, 폴더 열기 또는 프로그램 실행
group-delete = 그룹 삭제
group-delete-tip = 전송은 그룹 없이 남습니다
group-new = 새 그룹
group-name = 이름
group-create = 만들기

## 상태 표시줄의 알림 문구

notice-cannot-open-monitor = 모니터를 열 수 없습니다: { $error }
notice-no-streams = 여기서는 ferry 서비스가 스트림을 제공하지 않습니다 (`ferry stream ID`가 이유를 알려 줍니다)
notice-url-copied = URL 복사됨
notice-copied = 복사됨: { $url }
notice-cannot-change-autostart = "세션과 함께 시작"을 바꿀 수 없습니다: { $error }
notice-no-keyring = 응답하는 키링이 없습니다 ({ $reason }): 비밀번호는 메모리에만 보관되고 다시 시작하면 다시 묻습니다
notice-no-tray = 여기에는 트레이가 없습니다 (GNOME에서는 AppIndicator 확장이 추가합니다): ferry는 아이콘 없이 백그라운드에서 계속 실행됩니다
notice-added = 다운로드 { $count }개 추가됨
notice-added-skipped = 다운로드 { $count }개 추가됨; { $skipped }개 건너뜀: { $first }
notice-not-added = 추가하지 않음: { $error }
notice-close-dialog-first = 열린 대화 상자를 먼저 끝내거나 닫으세요
# 여러 전송에 대한 완료 그룹의 이름: "film.mkv 외 2개".
when-done-name = { $first } 외 { $others }개

## 모니터

monitor-speeds = 받기 { $down }/s   보내기 { $up }/s
monitor-nothing-running = 진행 중인 것 없음
monitor-more = 외 { $count }개
monitor-upload-name = 업로드 { $name }
monitor-show-tip = ferry 창에서 보기

## 끝나지 않은 다운로드 제거

remove-title = 끝나지 않은 다운로드 제거
remove-question = { $name }이(가) 끝나지 않았습니다. 지금까지 받은 부분은 어떻게 할까요?
remove-delete-partial = 제거하고 부분 파일 삭제
remove-delete-partial-tip = 공간을 비웁니다. 다운로드를 이어 갈 수 없습니다
remove-keep-partial = 목록에서만 제거
remove-keep-partial-tip = 부분 파일이 이름.part로 다른 파일 옆에 남습니다
remove-remember = 선택 기억하기
remove-remember-tip = 설정 › 제거에서 다시 물을 수 있습니다
dialog-cancel = 취소

## 다운로드 추가

add-title = 다운로드 추가
add-enter-url = URL을 입력하세요
add-no-such-folder = 폴더가 없습니다: { $folder }
add-unusable-name = "{ $name }"은(는) 쓸 수 없는 파일 이름입니다
add-sha256-shape = SHA-256은 사이트가 파일 옆에 공개하는 16진수 64자리입니다
add-url = URL
add-folder = 폴더
add-choose-folder = 선택…
add-name = 이름
add-name-hint = 서버가 준 이름
add-save-as = 다른 이름으로 저장…
add-sha256-hint = 선택 사항: 파일 옆에 공개된 체크섬
add-sha256-tip = 파일을 다 받으면 확인합니다. 맞지 않는 파일은 제 이름을 얻지 못하고 이름.corrupt로 보관됩니다
add-from = 출처
add-start-paused = 일시 정지 상태로 시작
add-ftp-tls = TLS 사용 (AUTH TLS)
add-ftp-tls-tip = 로그인과 파일이 암호화되어 전송되고, 서버 인증서를 HTTPS처럼 확인합니다. 서버가 지원하지 않으면 다운로드가 실패합니다
add-add = 추가
# 브라우저가 넘긴 다운로드의 출처:
# "브라우저, 4.20MiB, 쿠키 2개와 참조 페이지 포함".
browser-source = 브라우저
browser-cookies = 쿠키 { $count }개
browser-referrer = 참조 페이지
browser-with = { $source }, { $what } 포함
list-and = { $first }와(과) { $second }

## 업로드 추가

upload-title = 업로드 추가
upload-choose-files-first = 업로드할 파일을 선택하세요
upload-not-a-file = 파일이 아닙니다: { $path }
upload-enter-url = 보낼 URL을 입력하세요
upload-give-field-name = 파일 필드 이름을 주세요
upload-field-shape = 필드 "{ $line }"을(를) 이름=값 형식으로 쓰세요
upload-several-to-one-url = 여러 파일을 한 URL로 보내면 서로 덮어씁니다: URL을 /로 끝내면 각 파일이 제 이름으로 올라갑니다
upload-url-takes-no-name = 이 URL에는 파일 이름을 붙일 수 없습니다
upload-send-as = 보내는 방식
upload-method-put = PUT (각 파일이 URL의 내용이 됨)
upload-method-post = POST (각 파일을 요청 본문으로)
upload-method-multipart = 멀티파트 양식 (모든 파일을 POST 한 번으로)
upload-method-resumable = 이어 올리기 (tus: 중단되어도 계속)
upload-fields = 필드
upload-fields-hint = 이름=값, 한 줄에 하나
upload-files-field = 파일 필드
upload-upload = 업로드
upload-files = 파일 ({ $count })
upload-choose-files = 파일 선택…
upload-leave-out = 이 파일 빼기
upload-path = 경로
upload-path-hint = /home/…/파일 (Enter로 추가)
upload-add-file = 파일 추가

## 자격 증명, URL 변경, 페이지의 링크

credentials-title = 자격 증명
credentials-for = { $host }용. 키링에 보관되며 (응답하는 키링이 없으면 메모리에만), ferry의 파일에는 절대 쓰지 않습니다.
credentials-user = 사용자 이름
credentials-password = 비밀번호
credentials-resume = 이것으로 다시 시작
set-url-title = 새 URL 지정
set-url-explanation = 다운로드가 새 URL에서 이어집니다. 파일이 같으면 디스크에 있는 부분은 보관됩니다.
set-url-new = 새 URL
set-url-set = URL 변경
links-title = 링크 다운로드
links-pick-by-type = 종류로 고르기
links-all = 모두
links-none = 없음
links-into = 저장 위치 { $folder }
links-download = { $count }개 다운로드

## 설정

settings-title = 설정
settings-language = 언어
# $language: 시스템 언어, 그 언어로 ("Français").
settings-language-system = 시스템 언어 ({ $language })
settings-no-folder = { $folder }에 폴더가 없습니다
settings-no-file = { $path }에 파일이 없습니다
settings-download-folder = 다운로드 폴더
settings-simultaneous = 동시 전송 수
settings-connections-per-download = 다운로드당 연결 수
settings-connections-per-download-tip = 서버가 바이트 구간을 지원할 때 큰 파일 하나가 쓰는 최대 연결 수
settings-connections-per-server = 서버당 연결 수
settings-download-limit = 다운로드 제한
settings-download-limit-tip = 초당, 모든 다운로드 합계
settings-upload-limit = 업로드 제한
settings-upload-limit-tip = 초당, 모든 업로드 합계
settings-rate-tip = 초당 500K, 2M, 1.5G; 비우면 제한 없음
settings-unlimited = 무제한
settings-extra-ca = 추가 CA 인증서
settings-extra-ca-hint = 없음: 시스템 루트만
settings-extra-ca-tip = 직접 만든 CA의 PEM 파일 (사설 서버용), 시스템 루트와 함께 신뢰됨
settings-proxy = 프록시
settings-proxy-environment = 환경 변수의 것
settings-proxy-environment-tip = ferry 서비스의 http_proxy, https_proxy, all_proxy, no_proxy
settings-proxy-none = 없음
settings-proxy-manual = 이 프록시
settings-proxy-address = 주소
settings-proxy-address-hint = http://호스트:포트 또는 socks5h://호스트:포트
settings-proxy-not-for = 제외
settings-proxy-not-for-tip = 직접 연결할 호스트와 도메인, 쉼표로 구분
settings-proxy-user = 사용자
settings-proxy-password-tip = 키링에 보관되며 ferry의 파일에는 절대 쓰지 않습니다
settings-trusted-certificates = 신뢰한 인증서
settings-forget = 잊기
settings-network = 네트워크
settings-metered = 이 네트워크는 데이터 요금제
settings-metered-tip = 무제한 네트워크를 기다리도록 한 전송은 기다립니다
settings-over-limit = 데이터 한도를 넘음
settings-over-limit-tip = 데이터 요금제 네트워크에서는 항상 사용하도록 한 전송만 진행됩니다
settings-block-background = 백그라운드 데이터 차단
settings-block-background-tip = 모든 전송이 기다립니다
settings-battery = 배터리
settings-save-battery = 배터리 절약
settings-save-battery-tip = 배터리에서 계속하도록 표시하지 않은 전송은 기다립니다
settings-battery-threshold = 배터리가 이보다 적으면 일시 정지
settings-schedule = 일정
settings-schedule-tip = `ferry schedule`로 바꾸세요
settings-schedule-none = 없음: 전송은 언제든 진행됩니다
settings-background = 백그라운드
settings-keep-running = 백그라운드에서 계속 실행
settings-keep-running-tip = 끄면: 진행하거나 기다리는 것이 없고 열린 창이 없을 때 ferry 서비스가 멈춥니다
settings-autostart = 세션과 함께 시작
settings-browser = 브라우저
settings-browser-without-asking = 브라우저 다운로드를 묻지 않고 시작
settings-browser-without-asking-tip = 끄면: ferry 브라우저 확장이 넘긴 다운로드가 추가 대화 상자에서 기다립니다
settings-removing = 제거
settings-remove-ask = 끝나지 않은 다운로드를 어떻게 할지 묻기
settings-remove-delete = 끝나지 않은 다운로드의 부분 파일 삭제
settings-remove-keep = 끝나지 않은 다운로드의 부분 파일 보관
settings-file-types = 파일 종류
settings-sort-by-type = 다운로드를 종류별 폴더에 정리 (Downloads/Videos, …)
settings-sort-by-type-tip = 다운로드 폴더로 받는 파일은 종류별 폴더로 갑니다. 종류가 없는 파일은 다운로드 폴더에 남습니다
settings-types = 종류와 확장자
settings-clipboard = 클립보드
settings-watch-clipboard = 복사한 파일 링크 제안
settings-watch-clipboard-tip = 압축 파일, 디스크 이미지, 동영상, 음악, 문서로 가는 링크를 복사하면 추가 대화 상자가 열립니다 (링크마다 한 번)
settings-ftp-tls = 항상 TLS 사용 (AUTH TLS)
settings-ftp-tls-tip = 모든 ftp:// 다운로드가 로그인과 데이터를 암호화하고 서버 인증서를 확인합니다. 안 되면 실패합니다
settings-notifications = 알림
settings-notify = 전송이 끝나면 알림
settings-notify-failures-only = 실패했을 때만
settings-theme = 테마
settings-theme-system = 시스템 설정 따르기
settings-theme-light = 밝게
settings-theme-dark = 어둡게
settings-save = 저장

## 파일 종류 (설정), 전송의 정책 양식

categories-name = 이름
categories-name-tip = 폴더 이름이기도 합니다
categories-extensions = 확장자
categories-mime-types = MIME 형식
categories-mime-types-tip = 전체 형식 (application/pdf) 또는 계열 (video/*)
categories-remove = 이 종류 제거
categories-add = 종류 추가
categories-restore = 기본값 복원
policy-group-none = 없음
policy-unconstrained = 배터리가 적거나 절전 모드여도 계속
policy-headers = 헤더 ({ $count })
policy-header-name = 이름
policy-header-value = 값
policy-header-remove = 이 헤더 제거
policy-header-add = 헤더 추가

## 미리 받기

prefetch-heading = 미리 받기
prefetch-explanation = 네트워크가 데이터 요금제가 아니고 컴퓨터가 전원에 연결되어 있을 때 미리 받아, ferry가 이것들의 새 사본을 유지합니다. 바뀌지 않은 리소스는 짧은 요청 하나만 듭니다.
prefetch-empty = 아직 미리 받은 것이 없습니다.
prefetch-every = 주기
prefetch-last-fetched = 마지막으로 받은 때
prefetch-state = 상태
prefetch-open = 열기
prefetch-open-tip = 사본 열기 (목록이면 그 폴더)
prefetch-refresh = 새로 고침
prefetch-refresh-tip = 네트워크와 전원이 허락하는 대로 지금 새로 고침
prefetch-remove-tip = 미리 받기를 멈추고 사본 삭제
prefetch-list-of = (URL { $count }개의 목록)
prefetch-not-yet = 아직 없음
prefetch-refreshing = 새로 고치는 중…
prefetch-waits = 기다리는 중: { $reason }
prefetch-up-to-date = 최신
prefetch-soon = 곧
prefetch-keep-copy-of = 새 사본 유지
prefetch-is-list = URL 목록임
prefetch-is-list-tip = 한 줄에 하나씩 URL을 최대 40개 적은 텍스트 파일: 각각 보관됩니다
prefetch-refreshed = 새로 고침
# $interval: "6h", "1d" (`ferry prefetch add --every`가 받는 형식).
prefetch-every-interval = { $interval }마다
prefetch-just-now = 방금
prefetch-ago = { $duration } 전

## 이것들이 끝나면

when-done-choose = 알림이나 동작을 고르세요
when-done-title-transfers = { $count ->
    [1] 이것이 끝나면
   *[other] 이 { $count }개가 끝나면
}
when-done-title-group = { $group } 그룹이 끝나면
when-done-once = 모두 끝나면 (완료, 실패, 취소) 한 번.
when-done-each-time = 그룹의 전송이 모두 끝날 때마다.
when-done-notify = 알림 보이기
when-done-no-action = 동작 없음
when-done-open-folder = 폴더 열기
when-done-open-files = 파일 열기
when-done-run = 프로그램 실행
when-done-program = 프로그램
when-done-program-tip = 지금 PATH에서 찾을 이름, 또는 경로
when-done-arguments = 인수
when-done-arguments-tip = 한 줄에 인수 하나. { "{path}" }, { "{name}" }, { "{url}" }만 있는 줄은 파일마다 인수 하나가 되고, { "{status}" }나 { "{group}" }는 그룹의 것이 됩니다. 다른 글 안에서는 쓴 그대로 남습니다
when-done-time-limit = 시간 제한
when-done-minutes = 분, 그 뒤 멈춤
when-done-json-note = 각 전송의 결과가 프로그램의 입력으로 JSON으로 들어갑니다.
dialog-ok = 확인

## 창 열기

error-service-did-not-start = ferry 서비스가 시작되지 않았습니다
error-no-event-stream = 연결에 이벤트 스트림이 없습니다
error-no-graphical-session = 여기에는 그래픽 세션이 없습니다 (DISPLAY도 WAYLAND_DISPLAY도 설정되지 않음): `ferry get URL`을 쓰거나 `ferry --help`를 보세요
error-cannot-open-window = 디스플레이 { $display }에 창을 열 수 없습니다: { $cause }

## 네트워크와 전원 설명 (상태 표시줄 도움말, `ferry policy`)

connectivity-unknown = 연결 상태 알 수 없음
connectivity-none = 오프라인
connectivity-portal = 종속 포털 뒤 (네트워크에 로그인하세요)
connectivity-limited = 제한된 연결
connectivity-full = 온라인
network-state-metered = 데이터 요금제
network-state-roaming = 로밍 중
source-not-read-yet = 아직 읽지 않음
network-source-link-state = 인터페이스의 링크 상태: NetworkManager가 실행 중이 아니므로 데이터 요금제 네트워크는 설정으로만 알 수 있습니다
# "온라인, 데이터 요금제 (NetworkManager)"
state-with-source = { $state } ({ $source })
power-state-battery-percent = 배터리 사용 중, { $percent }%
power-state-battery = 배터리 사용 중
power-state-mains = 전원 연결됨
power-state-unknown = 배터리 알 수 없음 (UPower가 실행 중이 아님. 배터리 절약 설정을 쓰세요)
power-state-saver = 절전 모드 켜짐

## 끝나면: 하는 일과 결과

when-done-does-open-folder = 폴더 열기
when-done-does-open-file = 파일 열기
when-done-does-run = { $program } 실행
when-done-does-notify-and = 알림, { $action }
when-done-does-notify = 알림
when-done-does-nothing = 없음
outcome-no-action = 동작 없음
outcome-started = 동작 실행 중
outcome-interrupted = ferry가 멈출 때 동작이 중단되었고 다시 실행하지 않았습니다
outcome-opened = 열림
outcome-succeeded = 프로그램이 성공했습니다
outcome-failed-with = 프로그램이 종료 코드 { $code }(으)로 실패했습니다
outcome-killed = 프로그램이 강제 종료되었습니다
outcome-timed-out = 프로그램이 너무 오래 실행되어 강제 종료되었습니다
outcome-failed = 동작이 실패했습니다: { $reason }
summary-downloads-finished = 다운로드 { $count }개 끝남
summary-uploads-finished = 업로드 { $count }개 끝남
summary-transfers-finished = 전송 { $count }개 끝남
summary-failed = { $count }개 실패
summary-canceled = { $count }개 취소 또는 제거됨
completion-not-enabled = 아직 켜지지 않음 (구성원 { $count }개)
completion-waiting = { $count }개 중 { $left }개를 기다리는 중

## 전송이 실패하거나 기다리는 이유 (창과 명령줄)

# $reason: 공백 뒤의 상태 문구 (" Not Found") 또는 빈 값;
# $advice: 할 일 (advice-… 중 하나).
error-http = 서버가 { $status }{ $reason }(으)로 답했습니다
error-http-advice = 서버가 { $status }{ $reason }(으)로 답했습니다. { $advice }
advice-credentials = 자격 증명(--user)이나 헤더(-H)를 주세요
advice-expired = 링크가 만료되었을 수 있습니다: 새 URL을 주세요 (ferry set-url)
advice-check-url = URL을 확인하세요
error-no-response = { $url }에서 { $timeout }초 안에 응답이 없습니다
error-connect = { $host }:{ $port }에 연결할 수 없습니다: { $cause }
error-untrusted-certificate = { $host }:{ $port }의 TLS 인증서를 신뢰할 수 없습니다 ({ $cause }); { $hint }
certificate-pin-hint = SHA-256 지문은 { $fingerprint }입니다: 서버의 인증서가 맞다면 (장치에서 비교하세요) --pin-cert { $fingerprint } 또는 창의 "이 인증서 신뢰"로 이 호스트에 신뢰하세요
certificate-self-made-ca = 서버가 직접 쓰는 자체 제작 CA 인증서라서 --ca-cert로도 신뢰할 수 없습니다. ferry는 항상 인증서를 확인합니다
certificate-always-verified = ferry는 항상 인증서를 확인합니다 (사설 CA는 --ca-cert로 추가할 수 있습니다)
error-certificate-changed = { $host }:{ $port }의 TLS 인증서가 신뢰한 인증서가 아닙니다: 서버는 { $shown }을(를) 보였고, 고정한 것은 { $pinned }입니다. 누군가 서버와의 사이에 끼어 있을 수 있습니다. 서버가 정말 새 인증서를 받았다면 (장치에서 비교하세요) --pin-cert { $shown }(으)로 새 인증서를 신뢰하세요
ftp-530 = FTP 서버가 로그인을 거부했습니다. --user 이름으로 사용자 이름을 주세요 (이름 없이 anonymous로 시도했습니다)
ftp-550 = FTP 서버에 그런 파일이 없습니다 (또는 읽을 수 없습니다)
ftp-421 = FTP 서버가 연결을 닫고 있거나 연결이 너무 많습니다
ftp-425 = FTP 서버의 데이터 연결이 실패했습니다
ftp-450 = FTP 서버가 지금은 파일을 읽을 수 없습니다
ftp-452 = FTP 서버의 공간이 부족합니다
ftp-refused = FTP 서버가 거부했습니다
error-stalled = { $secs }초 동안 데이터가 없습니다. 연결이 멈췄습니다
error-too-slow = 서버가 { $secs }초 동안 { $bytes }바이트만 보냈습니다 (초당 { $minimum }바이트 미만). 연결이 너무 느립니다
error-broke-at = { $position }번째 바이트에서 연결이 끊겼습니다: { $cause }
error-closed-at = { $total }바이트 중 { $position }번째 바이트에서 연결이 닫혔습니다
error-responses-do-not-fit = 서버가 맞지 않는 응답을 계속 보냅니다 ({ $reason }). 그 응답에서는 아무것도 쓰지 않았습니다
error-fetched-too-much = { $total }바이트 파일에 { $fetched }바이트를 받았지만 끝내지 못했습니다: 서버가 계속 끊고 이어받기를 지원하지 않습니다. 나중에 또는 다른 서버에서 다시 시도하세요
error-bytes-missing = 아직 { $missing }바이트가 모자라는데 남은 연결이 없습니다
error-invalid-header = 헤더 "{ $name }"은(는) 올바른 HTTP가 아닙니다. 올바른 헤더로 전송을 다시 추가하세요
error-cannot-write = { $path }에 쓸 수 없습니다: { $cause }
error-cannot-read = { $path }을(를) 읽을 수 없습니다: { $cause }
error-cannot-publish = { $path }을(를) 제자리로 옮길 수 없습니다: { $cause }
error-file-name = 파일 이름을 정할 수 없습니다: { $cause }
error-checksum-mismatch = 체크섬 불일치: SHA-256 { $expected }을(를) 기대했지만 { $actual }입니다; { $kept }
error-checksum-kept = 다운로드는 { $path }(으)로 보관했습니다 (지우거나 체크섬의 출처를 확인하세요)
error-checksum-nothing-kept = 아무것도 보관하지 않았습니다
error-recoverable-status = 서버가 { $status }(으)로 답했습니다. 다시 시작하려면 새 URL을 주세요 (ferry set-url { $id } URL)
error-upload-redirected = 서버가 { $status }(으)로 답하며 업로드를 { $location }(으)로 보내라고 합니다. ferry는 지정받지 않은 곳으로 파일을 보내지 않습니다: 그 URL로 업로드하세요
error-not-a-file = { $path }은(는) 파일이 아닙니다. ferry는 파일을 업로드합니다
error-file-changed = 보내는 동안 { $path }이(가) 바뀌었습니다. 다시 보냅니다
error-part-file-replaced = .part 파일이 ferry가 만들지 않은 것으로 바뀌었습니다 ({ $reason }). 거기에는 아무것도 쓰지 않았고, 다운로드는 새 파일에서 다시 시작합니다
# $delay: 시간 ("42초").
error-retrying = { $cause }; { $delay } 후 다시 시도
error-secrets-missing = 비밀번호, 비밀 헤더 또는 쿠키가 키링에 없습니다 (ferry는 다른 곳에 쓰지 않습니다). 다시 주세요: ferry resume ID --user 이름, 창의 자격 증명…, 또는 --user, -H, --cookies를 붙인 같은 ferry get
error-post-not-repeated = { $cause }; ferry는 POST를 스스로 두 번 보내지 않습니다: 다시 보내려면 다시 시작하세요
error-not-resumable = 서버가 이어 올리기(tus 1.0)를 지원하지 않습니다: { $what }
error-checksum-refused = 서버가 체크섬이 틀렸다며 조각을 { $times }번 거부했습니다. 네트워크가 데이터를 손상시키고 있을 수 있습니다
error-internal = 내부 오류: { $what }

## 알림

notify-downloaded = 다운로드 완료: { $name } ({ $size })
notify-uploaded = 업로드 완료: { $name } ({ $size })
notify-download-failed = 다운로드 실패: { $name }
notify-upload-failed = 업로드 실패: { $name }
notify-failed-names = 실패: { $names }
notify-failed-names-more = 실패: { $names } 외 { $more }개
notify-show-in-ferry = ferry에서 보기
notify-open = 열기
notify-show-in-folder = 폴더에서 보기

## 트레이 아이콘: 도움말과 메뉴

tray-nothing-running = 진행 중인 것 없음
tray-running = { $count }개 진행 중
# "1.20GiB 중 45%"
tray-percent-of = { $total } 중 { $percent }
tray-waiting = { $count }개 대기 중
tray-quit = 끝내기
tray-stop-and-quit = { $count ->
    [1] 진행 중인 전송을 멈추고 끝내기
   *[other] 진행 중인 전송 { $count }개를 멈추고 끝내기
}
tray-open = ferry 열기
tray-show-monitor = 모니터 보기
tray-pause-all = 모두 일시 정지
tray-resume-all = 모두 다시 시작

## 데스크톱의 파일 대화 상자

file-dialog-waiting = 데스크톱의 파일 대화 상자를 아직 기다리는 중입니다. 여기에 경로를 직접 입력해도 됩니다
file-dialog-unavailable = 파일 대화 상자를 띄울 수 없습니다 (XDG 데스크톱 포털도 zenity도 없음). 여기에 경로를 입력하세요
file-dialog-upload-title = 업로드할 파일
plot-speed-unit = MiB/s

## 파일 종류 (ferry가 붙인 이름. 폴더는 원래 이름을 씁니다)

category-videos = 동영상
category-music = 음악
category-archives = 압축 파일
category-documents = 문서
category-programs = 프로그램
category-images = 이미지
category-other = 기타
add-sha256 = SHA-256
settings-ftp = FTP


## 명령줄: ferry get, add, put

cli-interrupted = 중단됨; { $what_now }
cli-output-takes-one-url = -o 파일은 URL 하나만 받습니다. 여러 개는 -d 폴더를 쓰세요
cli-sha256-one-url = --sha256은 파일 하나만 확인합니다. URL을 하나만 주세요
cli-url-twice = 같은 URL이 두 번 주어졌습니다: { $url }
cli-ftp-ssl-not-ftp = --ftp-ssl은 ftp:// URL용입니다. { $url }에는 쓸 수 없습니다
cli-accept-encoding-note = 참고: 주신 Accept-Encoding은 보내지 않습니다. ferry는 서버가 보관한 그대로(identity) 파일을 요청하므로, 저장되는 바이트가 파일 그 자체이고 다운로드를 멈춘 곳에서 이어받을 수 있습니다
cli-second-copy = 참고: 전송 { $id }도 { $url }을(를) { $folder }(으)로 받고 있습니다. 이것은 두 번째 사본입니다
cli-invalid-file = 잘못된 파일 { $path }
cli-cannot-read = { $path }을(를) 읽을 수 없습니다
cli-put-not-a-file = { $path }은(는) 파일이 아닙니다. ferry put은 파일 하나를 보냅니다
cli-cannot-read-stdin = 표준 입력에서 URL을 읽을 수 없습니다
cli-cannot-read-list = URL 목록 { $list }을(를) 읽을 수 없습니다
cli-list-line = { $list } { $line }번째 줄
cli-no-url = URL이 없습니다. 사용법: ferry get URL... [-i 목록]
cli-invalid-output = 잘못된 출력 경로 { $path }
cli-output-is-folder = { $path }은(는) 폴더입니다. 폴더에 받으려면 -d를 쓰세요
cli-invalid-folder = 잘못된 폴더 { $path }
cli-cannot-create-folder = 폴더 { $path }을(를) 만들 수 없습니다
cli-no-current-folder = 현재 폴더를 읽을 수 없습니다
cli-no-such-folder = 폴더가 없습니다: { $path }
cli-cannot-use-folder = 폴더를 쓸 수 없습니다 ({ $error }): { $path }
cli-not-a-folder = 폴더가 아닙니다: { $path }
cli-cannot-write-folder = 폴더 { $path }에 쓸 수 없습니다
cli-user-shape = 자격 증명은 --user 이름 또는 --user 이름:비밀번호 형식으로 주세요
cli-password-prompt = { $user }의 비밀번호
cli-cannot-ask-password = { $user }의 비밀번호를 물을 수 없습니다 ({ $error }). --user { $user }:비밀번호 또는 --netrc를 쓰세요
cli-sha256-auto-needs-url = --sha256 auto에는 다운로드의 URL이 필요합니다
cli-sha256-shape = --sha256에는 16진수 64자리나 체크섬 파일이 필요한데 "{ $given }"을(를) 받았습니다
cli-not-a-sha256 = "{ $hash }"은(는) SHA-256(16진수 64자리)이 아닙니다
cli-no-sha256-line = 그 안에 { $name }의 줄이 없습니다
cli-no-sha256-line-unnamed = 그 안에 파일의 줄이 없습니다 (-o 이름을 주세요)

## 명령줄: 저장된 전송 다루기

cli-interrupted-resume = 중단됨; `ferry resume { $id }`로 이어 갑니다
cli-paused = { $id } 일시 정지됨
cli-canceled = { $id } 취소됨
cli-set-what = 바꿀 것을 말해 주세요: --priority, --cost-policy 또는 --limit-rate
cli-changed = { $id } 바뀜
cli-removed-keeping-partial = { $id } 제거됨 (부분 파일은 남음)
cli-removed = { $id } 제거됨
cli-clear-what = 지울 것을 말해 주세요: ferry clear --completed 및/또는 --failed
cli-cleared = 전송 { $count }개 지움
cli-next = 다음에 받음: { $id }
cli-resumed = { $id } 다시 시작됨
cli-url-set = { $id }의 URL을 바꿈
cli-form-of = 파일 { $count }개의 양식 ({ $files })
cli-form-and-fields = { $form }과(와) 필드 { $fields }개
cli-interrupted-remote = ferry 서비스에서 일시 정지됨; 같은 명령을 다시 실행하거나 (`ferry resume ID`) 이어 가세요
cli-interrupted-local = 같은 명령을 다시 실행하면 이어받습니다
cli-when-done-waits = --when-done 동작은 모든 전송이 끝날 때까지 기다립니다
cli-when-done-outcome = 끝나면: { $outcome }
cli-invalid-id = 잘못된 전송 ID "{ $id }". ID는 `ferry list`가 보여 주는 16진수입니다
cli-no-such-id = ID가 { $id }인 전송이 없습니다. `ferry list`를 보세요
cli-ambiguous-id = ID { $id }에 맞는 전송이 { $count }개입니다. 숫자를 더 입력하세요
cli-sent = { $what }을(를) { $url }(으)로 보냄
cli-answered = 응답 { $status }
cli-answered-with = 응답 { $status }: { $text }
cli-saved = 저장됨: { $path }
cli-no-data-folder = 데이터 폴더를 찾을 수 없습니다 (HOME이 설정되었나요?). --state-dir을 주세요
cli-showing-saved-state = { $error }; 마지막으로 저장된 상태를 보여 줍니다
cli-windows-will-not-see = { $error }; 다른 ferry 창에는 이 전송이 보이지 않습니다

## 명령줄: ferry list

cli-no-transfers = 전송 없음
cli-column-id = ID
cli-column-status = 상태
cli-column-progress = 진행률
cli-column-speed = 속도
cli-column-eta = 남은 시간
cli-column-group = 그룹
cli-column-name = 이름
# "1.20GiB 중 45%"
cli-percent-of = { $total } 중 { $percent }
# 전체 크기를 모를 때 받은 양: "12.00MiB / ?"
cli-size-unknown = { $done } / ?
cli-status-interrupted = 중단됨
cli-status-stopped = ferry가 실행될 때까지 멈춤
cli-upload-name = { $name }을(를) { $host }(으)로 업로드

## 명령줄: 진행 표시

# 진행 막대의 속도 뒤: 남은 시간 ("남은 시간 3분 05초").
cli-progress-left = 남은 시간 { $left }
cli-progress-done = 완료

## 명령줄: 서비스

cli-service-running-on = 서비스 { $pid }이(가) { $folder }에서 실행 중
cli-no-tray-icon = 트레이 아이콘 없음 ({ $error }). ferry는 아이콘 없이 계속 실행됩니다
cli-asked-to-quit = 끝내라는 요청을 받음
cli-quit-from-tray = 트레이에서 끝냄
cli-state-folder-gone = 상태 폴더가 사라졌습니다. 멈춥니다
cli-nothing-to-do = 할 일이 없습니다. 멈춥니다
cli-cannot-open-window = 창을 열 수 없습니다: { $error }
cli-no-service = 실행 중인 서비스가 없습니다
cli-service-did-not-stop = 서비스(pid { $pid })가 30초 안에 멈추지 않았습니다
cli-service-stopped = 서비스 { $pid } 멈춤
cli-service-keeps-running = 창이 한 번 쓴 뒤에는 (또는 `ferry daemon`으로 시작하면) 백그라운드에서 계속 실행됩니다
cli-service-stops-when-idle = 진행하거나 기다리는 것이 없고 열린 창이 없으면 멈춥니다
cli-notifications-off = 꺼짐
cli-notifications-failures = 실패할 때만
cli-notifications-on = 켜짐
cli-service-status = 실행 중 (pid { $pid }); { $background }; 알림 { $notifications }
cli-service-not-running = 실행 중이 아님
cli-cannot-write-output = 출력을 쓸 수 없습니다: { $error }
cli-no-command = 명령이 없습니다. `ferry --help`를 보세요

## 명령줄: 제한과 정책

cli-download-limit = 다운로드 제한: { $limit }
cli-upload-limit = 업로드 제한: { $limit }
cli-schedule-sets-limits = (일정이 자체 제한을 정합니다: `ferry schedule`)
cli-policy-network = 네트워크:  { $network }
cli-policy-power = 전원:      { $power }
cli-policy-switches = 설정: 데이터 요금제 { $metered }, 데이터 한도 넘음 { $over_limit }, 백그라운드 데이터 차단 { $block_background }, 배터리 절약 { $save_battery }, 배터리 기준 { $threshold }%
cli-policy-waiting = 기다리는 중:  { $waiting }

## 명령줄: 그룹

cli-group-serialized = 그룹 "{ $name }"은(는) 하나씩 진행합니다
cli-group-parallel = 그룹 "{ $name }"은(는) 구성원을 함께 진행합니다
cli-group-deleted = 그룹 "{ $name }" 삭제됨. 전송은 그룹 없이 남습니다
cli-group-when-done = 그룹 "{ $name }"이(가) 끝나면: { $action }
cli-no-groups = 아직 그룹이 없습니다. `ferry group add 이름`으로 만드세요
cli-column-when = 완료
cli-column-done-for = 대상
cli-column-action = 동작
cli-column-state = 상태
cli-column-behavior = 방식
cli-column-members = 구성원
cli-column-unfinished = 미완료
cli-column-when-done = 끝나면
cli-behavior-serialized = 하나씩
cli-behavior-parallel = 함께

## 명령줄: 미리 받기

cli-age-days = { $count }일
cli-age-seconds = { $count }초
cli-age-minutes = { $count }분
cli-age-hours = { $count }시간
cli-prefetch-added = 미리 받기 항목 { $id }: { $url }, 네트워크가 데이터 요금제가 아니고 컴퓨터가 전원에 연결되어 있을 때 { $interval }마다 새로 고침
cli-prefetch-removed = 미리 받기 항목 { $id }을(를) 사본과 함께 제거했습니다
cli-prefetch-asked-waits = 요청함. 지금은 미리 받기가 기다리는 중: { $reason }
cli-prefetch-asked = 요청함. `ferry prefetch list`가 각 항목을 마지막으로 받은 때를 보여 줍니다
cli-prefetch-nothing = 미리 받은 것이 없습니다. `ferry prefetch add URL`이 새 사본을 유지합니다
cli-column-every = 주기
cli-column-last-fetched = 마지막으로 받은 때
cli-column-size = 크기
cli-column-url = URL
cli-never = 없음
cli-bad-prefetch-id = 잘못된 미리 받기 항목 "{ $id }": `ferry prefetch list`의 번호를 주세요

## 명령줄: 프록시, 업로드, 일정, 스트림, 창

cli-noproxy-needs-url = --noproxy는 프록시 URL과 함께 씁니다: ferry proxy URL --noproxy 목록
cli-noproxy-not-with = --noproxy는 프록시 URL과 함께 씁니다. "{ $setting }"와(과)는 쓸 수 없습니다
cli-proxy-environment = 프록시: 환경 변수의 것 (http_proxy, https_proxy, all_proxy, no_proxy)
cli-proxy-none = 프록시: 없음
cli-proxy-manual = 프록시: { $url }
cli-proxy-manual-except = 프록시: { $url }, { $except } 제외
cli-file-field-needs-name = --file-field에는 이름이 필요합니다
cli-field-shape = 잘못된 --field "{ $field }". 이름=값 형식으로 쓰세요
cli-upload-interrupted-resumable = 같은 명령을 다시 실행하면 서버가 가진 곳에서 이어 갑니다
cli-upload-interrupted = 같은 명령을 다시 실행하면 다시 보냅니다
cli-no-schedule = 일정 없음: 전송은 언제든 전체 제한으로 진행됩니다
cli-runs-at-any-time = 언제든 진행
cli-transfer-went-away = 전송이 사라졌습니다
cli-stream-upload = { $id }은(는) 업로드입니다: 재생할 것이 없습니다
cli-no-streams = ferry 서비스가 스트림을 제공하지 않습니다 (로그 service.log에 이유가 있습니다)
cli-where-installed = ferry가 설치된 곳을 찾을 수 없습니다
cli-window-not-installed = 창이 설치되지 않았습니다: { $path }이(가) 없습니다 (scripts/setup.sh가 ferry 옆에 설치합니다)
cli-cannot-start-window = 창을 시작할 수 없습니다 ({ $path })
cli-jobs-for-get = -j는 `ferry get`에만 씁니다. 서비스는 설정한 만큼 진행합니다

## 입력 거부 (명령줄과 창)

input-invalid-url = 잘못된 URL "{ $text }": { $reason }
input-url-too-long = 길이가 { $bytes }바이트입니다. ferry는 { $most }바이트까지의 URL만 받습니다
input-no-scheme = 스킴이 없습니다. https://{ $typed }처럼 쓰세요 (또는 http://, ftp://)
input-no-host = 호스트가 없습니다
input-unsupported-scheme = 지원하지 않는 URL 스킴 "{ $scheme }" (ferry는 { $schemes }을(를) 받습니다): { $text }
input-unsupported-upload-scheme = ferry는 http와 https로 업로드합니다. { $scheme }은(는) 안 됩니다 (FTP는 다운로드용): { $text }
input-invalid-interval = 잘못된 주기 "{ $text }": { $reason }. 6h, 30m, 1d 또는 "1h 30m"처럼 쓰세요
input-interval-too-short = 1분보다 자주 새로 고치는 것은 제공하지 않습니다
input-unsupported-prefetch-scheme = ferry는 http와 https로 미리 받습니다. { $scheme }은(는) 안 됩니다: { $text }
input-header-without-colon = 잘못된 헤더 "{ $text }". '이름: 값' 형식으로 쓰세요
input-invalid-header-name = 잘못된 헤더 이름 "{ $name }"
input-invalid-header-value = 헤더 { $name }의 값이 잘못되었습니다
input-invalid-rate = 잘못된 속도 "{ $text }": { $reason }
input-rate-shape = 500K, 2M, 1.5G처럼 초당 바이트로 쓰세요
input-rate-positive = 양수여야 합니다
input-rate-too-high = 초당 최대 4G입니다
input-invalid-group-name = 잘못된 그룹 이름 "{ $name }": { $reason }
input-group-empty = 그룹 이름은 비워 둘 수 없습니다
input-group-too-long = 그룹 이름은 최대 64자입니다
input-group-control = 그룹 이름에는 제어 문자를 쓸 수 없습니다
input-invalid-time-window = 잘못된 시간대 "{ $text }": { $reason }. "mon-fri 08:00-18:00"이나 "22:00-06:00"처럼 쓰세요
input-window-days = 알 수 없는 요일
input-window-start-end = 시작과 끝 시각이 필요합니다
input-window-clock = 시각이 HH:MM 형식이 아닙니다
input-window-24 = 시간대는 24:00에 시작할 수 없습니다
input-program-not-found = "{ $name }"을(를) 실행할 수 없습니다: { $reason }
input-no-program = 프로그램이 없습니다
input-not-executable = 실행 파일이 아닙니다
input-not-in-path = PATH에서 찾을 수 없습니다
input-invalid-when-done = 잘못된 --when-done "{ $text }". notify, open-folder, open-file 또는 run 프로그램 [인수...]를 줄 끝에 쓰세요
input-path-not-utf8 = { $path }은(는) 올바른 UTF-8이 아닙니다. ferry는 목록을 텍스트로 보관합니다: 이름(또는 폴더 이름)을 바꾼 뒤 다시 시도하세요
input-relative-path = { $path }은(는) 상대 경로입니다. 서비스에는 절대 경로가 필요합니다 (명령줄이 만들어 줍니다)

## 엔진이 거부함

engine-unknown-transfer = ID가 { $id }인 전송이 없습니다
engine-duplicate-url = { $url }은(는) 이미 받는 중입니다 (전송 { $other }). 그것을 다시 시작하거나 취소하세요
engine-stopped = 엔진이 멈췄습니다
engine-busy = 엔진이 바쁩니다. 다시 시도하세요
engine-duplicate-destination = 다른 전송({ $other })이 이미 { $path }(으)로 받고 있습니다
# $what: 요청한 일 (engine-what-… 중 하나).
engine-invalid-for-status = 전송 { $id }은(는) { $status } 상태입니다. { $what }은(는) 할 수 없습니다
engine-unknown-group = 그룹 "{ $name }"이(가) 없습니다. `ferry group list`가 그룹을 보여 줍니다
engine-unknown-prefetch = 미리 받기 항목 { $id }이(가) 없습니다. `ferry prefetch list`가 항목을 보여 줍니다
engine-duplicate-prefetch = { $url }은(는) 이미 미리 받기 목록에 있습니다 (항목 { $other })
engine-unknown-completion-group = 완료 그룹 { $id }이(가) 없습니다. `ferry group list`가 보여 줍니다
engine-completion-group-enabled = 완료 그룹 { $id }은(는) 이미 켜져 있습니다. 구성원은 켜기 전에만 추가할 수 있습니다
engine-relative-program = 동작 프로그램은 절대 경로여야 합니다 (그룹을 만들 때 PATH에서 찾았습니다): { $path }
engine-post-cannot-pause = 전송 { $id }은(는) POST라서 일시 정지할 수 없습니다 (처음부터 다시 보내게 됩니다). 대신 취소하세요
engine-not-in-group = 전송 { $id }은(는) 그룹에 없습니다. 그룹 구성원만 맨 앞으로 옮길 수 있습니다
engine-cannot-start = 엔진을 시작할 수 없습니다: { $error }
engine-http-client = HTTP 클라이언트를 만들 수 없습니다: { $error }
engine-ca-certificate = CA 인증서 { $path }을(를) 쓸 수 없습니다: { $reason }
engine-unusable-proxy = { $variable }의 프록시({ $proxy })는 ferry가 쓸 수 없습니다. http://, https://, socks5:// 프록시를 주거나 { $variable }을(를) 지우세요
engine-tls = TLS를 준비할 수 없습니다: { $error }
engine-reader-needs-local = 받는 중인 파일은 엔진을 실행하는 프로세스에서만 읽을 수 있습니다
engine-already-known = 이미 있음
engine-what-adding-again = 다시 추가
engine-what-resuming = 다시 시작
engine-what-pausing = 일시 정지
engine-what-canceling = 취소
engine-what-making-current = 맨 앞으로 옮기기

## 명령줄: 전송 옵션

cli-proxy-password-prompt = 프록시에서 쓸 { $user }의 비밀번호
cli-cannot-ask-proxy-password = 프록시에서 쓸 { $user }의 비밀번호를 물을 수 없습니다 ({ $error }). 프록시 URL에 쓰세요
cli-pin-cert-not-https = --pin-cert는 TLS 인증서를 신뢰합니다. { $url }은(는) https가 아닙니다
cli-pin-cert-one-host = --pin-cert는 서버 하나의 인증서를 신뢰합니다. 이 URL들은 호스트 { $count }곳에 있습니다
cli-stays-in-group = { $id }은(는) 그룹 "{ $group }"에 남습니다. --group은 새 전송에만 적용됩니다
cli-stays-in-no-group = { $id }은(는) 그룹 없이 남습니다. --group은 새 전송에만 적용됩니다
cli-started-without-ftp-ssl = { $id }은(는) --ftp-ssl 없이 시작되었습니다. TLS로 받으려면 제거하고 (ferry remove { $id }) 이 명령을 다시 실행하세요
cli-keeps-pausing-on-battery = { $id }은(는) 배터리가 적으면 계속 일시 정지합니다. --unconstrained는 새 전송에만 적용됩니다
cli-no-keyring = 응답하는 키링이 없습니다 ({ $reason }). 비밀번호, 비밀 헤더, 쿠키는 메모리에만 보관되고, 다시 시작하면 전송이 그것들을 기다립니다

## 명령줄: 브라우저 연동

cli-browser-asks = 브라우저 다운로드는 ferry의 추가 대화 상자에서 기다립니다
cli-browser-starts = 브라우저 다운로드는 다운로드 폴더로 바로 시작합니다
cli-browser-removed = { $path } 제거함
cli-browser-uninstalled = 브라우저 연동을 제거했습니다. 브라우저에서 ferry 확장도 제거하세요
cli-browser-host-installed = 호스트 설치됨
cli-browser-other-host = 다른 호스트의 매니페스트 ({ $path })
cli-browser-host-not-installed = 호스트가 설치되지 않음: `ferry browser install`을 실행하세요
cli-browser-extension-folder = 확장 폴더: { $folder }
cli-browser-extension-folder-unwritten = 확장 폴더: { $folder } (아직 만들지 않음)
cli-browser-extension-ids = 확장 ID: { $ids }
cli-browser-never-talked = 확장이 아직 ferry와 통신하지 않았습니다
cli-browser-last-talked = 확장이 { $ago } 전에 ferry와 통신했습니다
# "ID 실패함: 이유", "ID 실패함: 이유: URL".
cli-failed-line = { $id } { $status }: { $why }
cli-failed-line-url = { $id } { $status }: { $why }: { $url }

cli-column-added = 추가한 때
details-added = 추가한 때

## 정책이 전송을 붙잡는 이유 (상태에는 첫 부분만 보입니다)

hold-no-network = 네트워크 없음
hold-portal = 종속 포털 뒤: 네트워크에 로그인하세요
# $window: 일정의 시간대 ("mon-fri 22:00-06:00").
hold-outside-hours = 일정한 시간 밖 ({ $window }에 진행)
hold-on-battery = 배터리 사용 중
hold-background-blocked = 백그라운드 데이터 차단됨 (ferry policy --block-background-data off)
hold-roaming = 로밍 중: 비용 정책이 always인 전송만 진행됩니다
hold-over-data-limit = 데이터 요금제 네트워크에서 한도를 넘음: 비용 정책 always만 진행됩니다
hold-metered = 데이터 요금제 네트워크입니다; 이 전송은 무제한 네트워크에서만 진행됩니다
hold-battery-below = 배터리 { $threshold }% 미만
hold-power-saver = 절전 모드 켜짐
hold-save-battery = 배터리 절약 설정 켜짐 (ferry policy --save-battery off)
hold-waiting-for-host = { $host } 연결을 기다리는 중 (다른 다운로드가 모두 쓰는 중; 설정 › 서버당 연결 수)

cli-switch-on = 켜짐
cli-switch-off = 꺼짐

## 서비스 연결

service-unsafe-runtime = 런타임 폴더 { $path }이(가) 이 사용자만의 것이 아닙니다 (모드 0700인 본인의 폴더여야 합니다)
service-refused = ferry 서비스가 이 클라이언트를 거부했습니다: { $reason }
service-garbled = ferry 서비스가 이 ferry가 읽을 수 없는 형식으로 답했습니다 (다른 버전?). `ferry quit`으로 멈춘 뒤 다시 시도하세요
service-silent = ferry 서비스가 제시간에 답하지 않았습니다
service-lost = ferry 서비스와의 연결이 끊겼습니다
service-did-not-start = ferry 서비스가 시작되지 않았습니다. 로그: { $log }
service-did-not-start-because = ferry 서비스가 시작되지 않았습니다 ({ $last_line }). 로그: { $log }

## 일정 (`ferry schedule`, 설정)

# $window: `ferry schedule`이 받는 요일과 시각 ("mon-fri 08:00-18:00").
schedule-limit = { $window } 제한: { $limit }
schedule-only-between = { $window }에만

cli-browser-none-found = 이 사용자의 브라우저를 찾지 못했습니다 (ferry는 Chromium, Chrome, Brave, Edge, Vivaldi, Opera, Firefox, LibreWolf와 그 Flatpak을 찾습니다). 브라우저를 한 번 실행한 뒤 다시 실행하세요
cli-browser-extension-steps = 확장: { $folder }
      Chromium 계열: chrome://extensions를 열고 개발자 모드를 켠 뒤 "압축해제된 확장 프로그램을 로드합니다"로 그 폴더를 고르세요 (ID는 { $id })
      Firefox: about:debugging을 열고 "이 Firefox", "임시 부가 기능 로드"에서 그 안의 manifest.json을 고르세요

## 서비스의 파일과 소켓 오류 ("열 수 없습니다: 경로: 이유")

service-io-start-runtime = 서비스 런타임을 시작할 수 없습니다:
service-io-start-thread = 서비스 스레드를 시작할 수 없습니다:
service-io-start-client-runtime = 클라이언트 런타임을 시작할 수 없습니다:
service-io-start-client-thread = 클라이언트 스레드를 시작할 수 없습니다:
service-io-connect = 연결할 수 없습니다:
service-io-create = 만들 수 없습니다:
service-io-open = 열 수 없습니다:
service-io-resolve = 경로를 알 수 없습니다:
service-io-start-service = 서비스를 시작할 수 없습니다:
service-io-resolve-state = 상태 폴더 경로를 알 수 없습니다:
service-io-create-runtime = 런타임 폴더를 만들 수 없습니다:
service-io-read = 읽을 수 없습니다:
service-io-remove-socket = 이전 소켓을 지울 수 없습니다:
service-io-listen = 대기할 수 없습니다:
service-io-restrict = 권한을 좁힐 수 없습니다:

# $what: service-io-… 중 하나.
service-io = { $what } { $path }: { $error }

