# Les mots de ferry en français. Chaque message a le même identifiant et
# les mêmes variables que dans i18n/en/ferry.ftl. Voir docs/translating.md.

## La barre d'état

status-bar-idle = au repos
status-bar-total-speed = { $speed } au total
status-bar-counts = { $active } en cours · { $queued } en attente · { $paused } en pause
network-offline = Hors ligne
network-portal = Portail captif : connectez-vous au réseau
network-background-blocked = Données en arrière-plan bloquées
network-roaming = Itinérance
network-metered = Réseau facturé à l'usage
network-limited = Connectivité limitée
network-plain = Réseau
# $network : l'un des mots network-… ci-dessus.
network-link-state = { $network } (état du lien)
network-held-offline = { $network } : { $count ->
    [one] { $count } transfert attend
   *[other] { $count } transferts attendent
} le réseau
network-held-metered = { $network } : { $count ->
    [one] { $count } transfert attend
   *[other] { $count } transferts attendent
} un réseau non facturé
network-held-background = { $network } : { $count ->
    [one] { $count } transfert attend
   *[other] { $count } transferts attendent
} les données en arrière-plan
network-no-network-manager = NetworkManager ne tourne pas : ferry suit l'état du lien des interfaces et ne sait pas reconnaître un réseau facturé ; cochez « Ce réseau est facturé à l'usage » dans les Réglages
power-battery-percent = Sur batterie { $percent } %
power-battery = Sur batterie
power-saver = Économie d'énergie
power-saving-battery = Économie de batterie
power-held-by-policy = Retenu par la politique
power-held = { $power } : { $count ->
    [one] { $count } transfert en pause
   *[other] { $count } transferts en pause
}
power-no-upower = UPower ne tourne pas : ferry ne voit pas la batterie ; utilisez « Économiser la batterie » dans les Réglages

## Les détails du transfert choisi

details-nothing-selected = Aucune sélection
details-requested-url = URL demandée
details-actual-url = URL réelle
details-response = Réponse
details-resumable = Reprenable
details-yes = oui
details-no = non
details-answer = Réponse du serveur
details-sends = Envoie
details-method = Méthode
details-sent = Envoyé
details-proxy = Proxy
details-proxy-environment = celui de l'environnement
details-proxy-none = aucun
details-restarts = Reprises à zéro
details-status = État
details-certificate = Certificat
details-waits-because = Attend parce que
details-problem = Problème
details-progress-flags = Indicateurs de progression
details-flags-restarted-and-changed = reparti de zéro ; une nouvelle réponse a remplacé la précédente
details-flags-restarted = reparti de zéro
details-flags-changed = une nouvelle réponse a remplacé la précédente
details-flags-none = aucun
details-priority = Priorité
details-group = Groupe
details-response-headers = En-têtes de la réponse
details-headers-left-out = { $count ->
    [one] { $count } autre en-tête n'a pas été gardé (trop grand)
   *[other] { $count } autres en-têtes n'ont pas été gardés (trop grands)
}
details-trust-new-certificate = Faire confiance au nouveau certificat de { $host }
details-trust-certificate = Faire confiance à ce certificat pour { $host }
details-trust-certificate-tip = Seulement si c'est le certificat qu'affiche votre appareil : comparez-y l'empreinte. ferry le garde dans les réglages et refuse tout autre certificat de { $host }.
details-ranges-on-disk = { $count ->
    [one] { $count } plage sur le disque
   *[other] { $count } plages sur le disque
}
# Un téléchargement dont le nom de fichier n'est pas encore choisi.
details-path-in-folder = dans { $folder }
details-path = Chemin
details-on-disk = Sur le disque
details-ranges = Plages
# « 1,50 Mio sur 4,00 Mio »
amount-of = { $done } sur { $total }
details-when-done = À la fin

## États, priorités et politiques de coût (fenêtre et ligne de commande)

status-queued = en attente
status-running = en cours
status-paused = en pause
status-waiting-unmetered = attend un réseau non facturé
status-waiting-network = attend le réseau
status-needs-new-url = en pause : il faut une nouvelle URL
status-paused-by-policy = en pause par la politique du système
status-completed = terminé
status-canceled = annulé
status-failed = échoué
# $reason : ce qui retient le transfert (« background data is blocked »).
status-waiting-because = attend : { $reason }
priority-high = haute
priority-default = normale
priority-low = basse
cost-policy-default = L'utiliser, sauf en itinérance ou au-delà du forfait
cost-policy-unrestricted-only = Attendre un réseau non facturé
cost-policy-always = Toujours l'utiliser

## Le tableau des transferts

table-empty = Aucun transfert ici. Ajoutez un téléchargement avec Ctrl+N, ou collez une URL avec Ctrl+V.
column-name = Nom
column-size = Taille
column-progress = Progression
column-speed = Vitesse
column-eta = Reste
column-status = État
column-priority = Priorité
table-upload-name = { $name } (envoi)
table-upload-to = envoi vers { $url }
menu-priority = Priorité
menu-on-metered-networks = Sur les réseaux facturés

## Les problèmes, dans les mots de la fenêtre

problem-recoverable-status = le serveur a répondu { $status } ; donnez un nouveau lien avec Changer l'URL… (clic droit sur la ligne)
problem-secrets-missing = son mot de passe n'a pas été gardé (ferry n'en écrit jamais sur le disque) ; redonnez-le avec Identifiants… (clic droit sur la ligne)
# $delay : une durée (« 42 s »).
problem-retrying = { $problem } ; nouvel essai dans { $delay }

## Actions : la barre d'outils et le menu d'une ligne (bouton, puis bulle d'aide)

action-add-download = Télécharger…
action-add-download-tip = Télécharger une URL (Ctrl+N)
action-add-upload = Envoyer…
action-add-upload-tip = Envoyer des fichiers : PUT, POST, un formulaire multipart ou un envoi reprenable (Ctrl+U ; ou déposez des fichiers sur la fenêtre)
action-pause = Pause
action-pause-tip = Mettre en pause en gardant ce qui est téléchargé (Espace)
action-resume = Reprendre
action-resume-tip = Continuer là où il s'est arrêté (Espace)
action-cancel = Annuler
action-cancel-tip = Arrêter et supprimer le fichier partiel
action-remove = Retirer
action-remove-tip = Retirer de la liste ; un fichier terminé reste (Suppr)
action-open-file = Ouvrir le fichier
action-open-file-tip = Ouvrir le fichier téléchargé
action-open-while-downloading = Ouvrir pendant le téléchargement
action-open-while-downloading-tip = Le lire avant la fin : votre lecteur le reçoit de ferry, et ce qu'il demande passe en premier
action-open-folder = Ouvrir le dossier
action-open-folder-tip = Ouvrir le dossier qui contient le fichier
action-copy-url = Copier l'URL
action-copy-url-tip = Copier l'URL dans le presse-papiers
action-set-url = Changer l'URL…
action-set-url-tip = Donner une URL neuve, par exemple quand un lien a expiré
action-credentials = Identifiants…
action-credentials-tip = Donner le nom d'utilisateur et le mot de passe du serveur (gardés en mémoire seulement)
action-download-next = Télécharger ensuite
action-download-next-tip = Le placer en tête de son groupe ; dans un groupe un par un, celui en cours attend
action-when-done = À la fin de ceux-ci…
action-when-done-tip = Notifier, ouvrir le dossier ou lancer un programme une fois qu'ils sont tous finis (Ctrl+clic en choisit plusieurs)
action-settings = Réglages…
action-settings-tip = Dossier, limite de vitesse, réseau et batterie, notifications, thème
action-monitor = Moniteur
action-monitor-tip = Une petite fenêtre toujours au premier plan avec les transferts en cours

## Le panneau de gauche : groupes et filtres

panel-transfers = Transferts
panel-all = Tous ({ $count })
panel-completed = Terminés ({ $count })
panel-failed = Échoués ({ $count })
panel-by-type = Par type
panel-prefetched = Préchargés ({ $count })
panel-prefetched-tip = Des ressources dont ferry garde une copie fraîche, chargée à l'avance quand les conditions sont bonnes
panel-total-speed-plot = Tous les transferts, Mio/s
# Après le nom et le nombre d'un groupe : « nuit (2), un par un ».
group-serialized-marker = , un par un
group-serialized-tip = Un par un, par ordre de priorité (clic droit pour changer)
group-parallel-tip = Les membres tournent ensemble (clic droit pour changer)
group-when-done-tip = Quand tous ses transferts sont finis : { $action }
group-one-at-a-time = Un par un
group-when-done = À la fin du groupe…
group-when-done-button-tip = Notifier, ouvrir le dossier ou lancer un programme chaque fois que tous ses transferts sont finis
group-delete = Supprimer le groupe
group-delete-tip = Les transferts restent, hors de tout groupe
group-new = Nouveau groupe
group-name = Nom
group-create = Créer

## Les avis de la barre d'état

notice-cannot-open-monitor = impossible d'ouvrir le moniteur : { $error }
notice-no-streams = le service de ferry ne diffuse rien ici (`ferry stream ID` dit pourquoi)
notice-url-copied = URL copiée
notice-copied = Copié : { $url }
notice-cannot-change-autostart = impossible de changer « Démarrer avec ma session » : { $error }
notice-no-keyring = Aucun trousseau ne répond ({ $reason }) : les mots de passe restent en mémoire seulement, et sont redemandés après un redémarrage
notice-no-tray = Pas de zone de notification ici (sous GNOME, l'extension AppIndicator en ajoute une) : ferry continue en arrière-plan sans icône
notice-added = { $count ->
    [one] { $count } téléchargement ajouté
   *[other] { $count } téléchargements ajoutés
}
notice-added-skipped = { $count ->
    [one] { $count } téléchargement ajouté
   *[other] { $count } téléchargements ajoutés
} ; { $skipped } écartés : { $first }
notice-not-added = Pas ajouté : { $error }
notice-close-dialog-first = Terminez ou fermez d'abord la boîte de dialogue ouverte
# Le nom d'un groupe de fin sur plusieurs transferts : « film.mkv et 2 autres ».
when-done-name = { $first } et { $others } autres

## Le moniteur

monitor-speeds = Reçu { $down }/s   Envoyé { $up }/s
monitor-nothing-running = Rien en cours
monitor-more = et { $count } de plus
monitor-upload-name = envoi { $name }
monitor-show-tip = Le montrer dans la fenêtre de ferry

## Retirer un téléchargement inachevé

remove-title = Retirer un téléchargement inachevé
remove-question = { $name } n'est pas fini. Que devient ce qui a déjà été téléchargé ?
remove-delete-partial = Retirer et supprimer le fichier partiel
remove-delete-partial-tip = Libère la place ; le téléchargement ne pourra pas continuer
remove-keep-partial = Retirer de la liste
remove-keep-partial-tip = Le fichier partiel reste à côté des autres, sous le nom NOM.part
remove-remember = Retenir mon choix
remove-remember-tip = Réglages › Retrait le redemande
dialog-cancel = Annuler

## Télécharger

add-title = Télécharger
add-enter-url = Saisissez une URL
add-no-such-folder = Le dossier n'existe pas : { $folder }
add-unusable-name = « { $name } » n'est pas un nom de fichier utilisable
add-sha256-shape = Un SHA-256 fait 64 chiffres hexadécimaux, tel que le site le publie à côté du fichier
add-url = URL
add-folder = Dossier
add-choose-folder = Choisir…
add-name = Nom
add-name-hint = celui du serveur
add-save-as = Enregistrer sous…
add-sha256-hint = facultatif : la somme de contrôle publiée à côté du fichier
add-sha256-tip = Vérifiée une fois le fichier complet ; un fichier qui ne correspond pas ne prend jamais son nom et est gardé en NOM.corrupt
add-from = Depuis
add-start-paused = Commencer en pause
add-ftp-tls = Par TLS (AUTH TLS)
add-ftp-tls-tip = L'identification et le fichier voyagent chiffrés, le certificat du serveur vérifié comme pour HTTPS ; le téléchargement échoue si le serveur ne le permet pas
add-add = Ajouter
# D'où vient un téléchargement transmis par le navigateur :
# « le navigateur, 4,20 Mio, avec ses 2 cookies et la page comme référent ».
browser-source = le navigateur
browser-cookies = { $count ->
    [one] son cookie
   *[other] ses { $count } cookies
}
browser-referrer = la page comme référent
browser-with = { $source }, avec { $what }
list-and = { $first } et { $second }

## Envoyer

upload-title = Envoyer
upload-choose-files-first = Choisissez les fichiers à envoyer
upload-not-a-file = Pas un fichier : { $path }
upload-enter-url = Saisissez l'URL de destination
upload-give-field-name = Donnez le nom du champ des fichiers
upload-field-shape = Écrivez le champ « { $line } » sous la forme NOM=VALEUR
upload-several-to-one-url = Plusieurs fichiers vers une même URL s'écraseraient : terminez l'URL par / pour envoyer chacun sous son nom
upload-url-takes-no-name = Cette URL ne peut pas recevoir de nom de fichier
upload-send-as = Envoyer en
upload-method-put = PUT (chaque fichier devient le contenu de l'URL)
upload-method-post = POST (chaque fichier comme corps de la requête)
upload-method-multipart = Formulaire multipart (un seul POST avec tous les fichiers)
upload-method-resumable = Reprenable (tus : continue après toute interruption)
upload-fields = Champs
upload-fields-hint = nom=valeur, un par ligne
upload-files-field = Champ des fichiers
upload-upload = Envoyer
upload-files = Fichiers ({ $count })
upload-choose-files = Choisir des fichiers…
upload-leave-out = Écarter ce fichier
upload-path = Chemin
upload-path-hint = /home/…/fichier (Entrée l'ajoute)
upload-add-file = Ajouter le fichier

## Identifiants, Changer l'URL, liens d'une page

credentials-title = Identifiants
credentials-for = Pour { $host }. Gardés dans votre trousseau (en mémoire seulement si aucun ne répond), jamais dans les fichiers de ferry.
credentials-user = Nom d'utilisateur
credentials-password = Mot de passe
credentials-resume = Reprendre avec ceux-ci
set-url-title = Nouvelle URL
set-url-explanation = Le téléchargement continue depuis la nouvelle URL ; ce qui est sur le disque est gardé si le fichier est le même.
set-url-new = Nouvelle URL
set-url-set = Changer l'URL
links-title = Télécharger des liens
links-pick-by-type = Choisir par type
links-all = Tous
links-none = Aucun
links-into = Dans { $folder }
links-download = Télécharger { $count }

## Réglages

settings-title = Réglages
settings-language = Langue
# $language : la langue du système, dans cette langue (« Français »).
settings-language-system = Celle du système ({ $language })
settings-no-folder = pas de dossier à { $folder }
settings-no-file = pas de fichier à { $path }
settings-download-folder = Dossier de téléchargement
settings-simultaneous = Transferts simultanés
settings-connections-per-download = Connexions par téléchargement
settings-connections-per-download-tip = Le maximum pour un gros fichier quand le serveur sert des plages d'octets
settings-connections-per-server = Connexions par serveur
settings-download-limit = Limite de réception
settings-download-limit-tip = par seconde, tous les téléchargements ensemble
settings-upload-limit = Limite d'envoi
settings-upload-limit-tip = par seconde, tous les envois ensemble
settings-rate-tip = 500K, 2M, 1.5G par seconde ; vide pour aucune limite
settings-unlimited = illimité
settings-extra-ca = Certificat d'AC en plus
settings-extra-ca-hint = aucun : les racines du système seulement
settings-extra-ca-tip = Un fichier PEM de votre propre AC (serveurs privés), reconnue en plus des racines du système
settings-proxy = Proxy
settings-proxy-environment = Celui de l'environnement
settings-proxy-environment-tip = http_proxy, https_proxy, all_proxy et no_proxy du service de ferry
settings-proxy-none = Aucun
settings-proxy-manual = Ce proxy
settings-proxy-address = Adresse
settings-proxy-address-hint = http://HÔTE:PORT ou socks5h://HÔTE:PORT
settings-proxy-not-for = Sauf pour
settings-proxy-not-for-tip = Hôtes et domaines joints directement, séparés par des virgules
settings-proxy-user = Utilisateur
settings-proxy-password-tip = Gardé dans votre trousseau, jamais dans les fichiers de ferry
settings-trusted-certificates = Certificats de confiance
settings-forget = Oublier
settings-network = Réseau
settings-metered = Ce réseau est facturé à l'usage
settings-metered-tip = Les transferts réglés pour attendre un réseau non facturé attendent
settings-over-limit = J'ai dépassé mon forfait
settings-over-limit-tip = Sur un réseau facturé, seuls les transferts réglés pour toujours l'utiliser tournent
settings-block-background = Bloquer les données en arrière-plan
settings-block-background-tip = Tous les transferts attendent
settings-battery = Batterie
settings-save-battery = Économiser la batterie
settings-save-battery-tip = Les transferts qui ne sont pas marqués pour continuer sur batterie attendent
settings-battery-threshold = Pause sur batterie en dessous de
settings-schedule = Horaires
settings-schedule-tip = Changez-les avec `ferry schedule`
settings-schedule-none = aucun : les transferts tournent à toute heure
settings-background = Arrière-plan
settings-keep-running = Continuer en arrière-plan
settings-keep-running-tip = Décoché : le service de ferry s'arrête dès que rien ne tourne ni n'attend et qu'aucune fenêtre n'est ouverte
settings-autostart = Démarrer avec ma session
settings-browser = Navigateur
settings-browser-without-asking = Lancer les téléchargements du navigateur sans demander
settings-browser-without-asking-tip = Décoché : un téléchargement transmis par l'extension de ferry attend dans la boîte de téléchargement
settings-removing = Retrait
settings-remove-ask = Demander quoi faire d'un téléchargement inachevé
settings-remove-delete = Supprimer le fichier partiel d'un téléchargement inachevé
settings-remove-keep = Garder le fichier partiel d'un téléchargement inachevé
settings-file-types = Types de fichiers
settings-sort-by-type = Ranger les téléchargements dans un dossier par type (Téléchargements/Vidéos, …)
settings-sort-by-type-tip = Les téléchargements vers le dossier de téléchargement vont dans le dossier de leur type ; un fichier sans type reste dans le dossier de téléchargement
settings-types = Les types et leurs extensions
settings-clipboard = Presse-papiers
settings-watch-clipboard = Proposer les liens de fichiers que je copie
settings-watch-clipboard-tip = Un lien copié vers une archive, une image disque, une vidéo, de la musique ou un document ouvre la boîte de téléchargement (une fois par lien)
settings-ftp-tls = Toujours par TLS (AUTH TLS)
settings-ftp-tls-tip = Chaque téléchargement ftp:// chiffre son identification et ses données et vérifie le certificat du serveur, ou échoue
settings-notifications = Notifications
settings-notify = Notifier à la fin des transferts
settings-notify-failures-only = Seulement en cas d'échec
settings-theme = Thème
settings-theme-system = Celui du système
settings-theme-light = Clair
settings-theme-dark = Sombre
settings-save = Enregistrer

## Types de fichiers (Réglages), les options d'un transfert

categories-name = Nom
categories-name-tip = Aussi le nom de son dossier
categories-extensions = Extensions
categories-mime-types = Types MIME
categories-mime-types-tip = Des types entiers (application/pdf) ou des familles (video/*)
categories-remove = Retirer cette catégorie
categories-add = Ajouter une catégorie
categories-restore = Rétablir les valeurs par défaut
policy-group-none = aucun
policy-unconstrained = Continuer sur batterie faible et en mode économie d'énergie
policy-headers = En-têtes ({ $count })
policy-header-name = Nom
policy-header-value = valeur
policy-header-remove = Retirer cet en-tête
policy-header-add = Ajouter un en-tête

## Préchargés

prefetch-heading = Préchargés
prefetch-explanation = ferry garde une copie fraîche de ceux-ci, chargée à l'avance quand le réseau n'est pas facturé et que l'ordinateur est sur secteur ; une ressource inchangée coûte une courte requête.
prefetch-empty = Rien de préchargé pour l'instant.
prefetch-every = Tous les
prefetch-last-fetched = Dernier chargement
prefetch-state = État
prefetch-open = Ouvrir
prefetch-open-tip = Ouvrir la copie (le dossier d'une liste)
prefetch-refresh = Rafraîchir
prefetch-refresh-tip = Rafraîchir maintenant, dès que le réseau et l'alimentation le permettent
prefetch-remove-tip = Arrêter de le précharger et supprimer les copies
prefetch-list-of = (une liste de { $count } URL)
prefetch-not-yet = pas encore
prefetch-refreshing = rafraîchissement…
prefetch-waits = attend : { $reason }
prefetch-up-to-date = à jour
prefetch-soon = bientôt
prefetch-keep-copy-of = Garder une copie fraîche de
prefetch-is-list = C'est une liste d'URL
prefetch-is-list-tip = Un fichier texte qui nomme jusqu'à 40 URL, une par ligne : chacune est gardée
prefetch-refreshed = rafraîchie
# $interval : « 6h », « 1d » (comme les prend `ferry prefetch add --every`).
prefetch-every-interval = tous les { $interval }
prefetch-just-now = à l'instant
prefetch-ago = il y a { $duration }

## À la fin de ceux-ci

when-done-choose = Choisissez une notification ou une action
when-done-title-transfers = { $count ->
    [one] À la fin de celui-ci
   *[other] À la fin de ces { $count }
}
when-done-title-group = À la fin du groupe { $group }
when-done-once = Une fois que tous sont finis (terminés, échoués ou annulés), une seule fois.
when-done-each-time = Chaque fois que tous les transferts du groupe sont finis.
when-done-notify = Afficher une notification
when-done-no-action = Aucune action
when-done-open-folder = Ouvrir le dossier
when-done-open-files = Ouvrir les fichiers
when-done-run = Lancer un programme
when-done-program = Programme
when-done-program-tip = Un nom cherché dans PATH maintenant, ou un chemin
when-done-arguments = Arguments
when-done-arguments-tip = Un argument par ligne. Une ligne qui n'est que { "{path}" }, { "{name}" } ou { "{url}" } devient un argument par fichier ; { "{status}" } ou { "{group}" } ceux du groupe ; dans un autre texte ils restent tels quels
when-done-time-limit = Durée maximale
when-done-minutes = minutes, puis il est arrêté
when-done-json-note = Les résultats de chaque transfert arrivent en JSON sur l'entrée du programme.
dialog-ok = OK

## Ouvrir la fenêtre

error-service-did-not-start = le service de ferry n'a pas démarré
error-no-event-stream = la connexion n'a pas de flux d'événements
error-no-graphical-session = pas de session graphique ici (ni DISPLAY ni WAYLAND_DISPLAY n'est défini) : utilisez `ferry get URL`, ou voyez `ferry --help`
error-cannot-open-window = impossible d'ouvrir la fenêtre sur l'écran { $display } : { $cause }

## Le réseau et l'alimentation, décrits (bulles de la barre d'état, `ferry policy`)

connectivity-unknown = connectivité inconnue
connectivity-none = hors ligne
connectivity-portal = derrière un portail captif (connectez-vous au réseau)
connectivity-limited = connectivité limitée
connectivity-full = en ligne
network-state-metered = facturé à l'usage
network-state-roaming = en itinérance
source-not-read-yet = pas encore lu
network-source-link-state = état du lien des interfaces : NetworkManager ne tourne pas, un réseau facturé n'est donc connu que par le réglage
# « en ligne, facturé à l'usage (NetworkManager) »
state-with-source = { $state } ({ $source })
power-state-battery-percent = sur batterie, { $percent } %
power-state-battery = sur batterie
power-state-mains = sur secteur
power-state-unknown = batterie inconnue (UPower ne tourne pas ; utilisez le réglage d'économie de batterie)
power-state-saver = économie d'énergie active

## À la fin : ce qui est fait, comment ça s'est passé

when-done-does-open-folder = ouvrir le dossier
when-done-does-open-file = ouvrir le fichier
when-done-does-run = lancer { $program }
when-done-does-notify-and = notifier, { $action }
when-done-does-notify = notifier
when-done-does-nothing = rien
outcome-no-action = aucune action
outcome-started = action en cours
outcome-interrupted = l'action a été interrompue à l'arrêt de ferry ; elle n'a pas été relancée
outcome-opened = ouvert
outcome-succeeded = le programme a réussi
outcome-failed-with = le programme a échoué avec le code de sortie { $code }
outcome-killed = le programme a été tué
outcome-timed-out = le programme a tourné trop longtemps et a été tué
outcome-failed = l'action a échoué : { $reason }
summary-downloads-finished = { $count ->
    [one] { $count } téléchargement fini
   *[other] { $count } téléchargements finis
}
summary-uploads-finished = { $count ->
    [one] { $count } envoi fini
   *[other] { $count } envois finis
}
summary-transfers-finished = { $count ->
    [one] { $count } transfert fini
   *[other] { $count } transferts finis
}
summary-failed = { $count ->
    [one] { $count } échoué
   *[other] { $count } échoués
}
summary-canceled = { $count ->
    [one] { $count } annulé ou retiré
   *[other] { $count } annulés ou retirés
}
completion-not-enabled = pas encore activé ({ $count ->
    [one] { $count } membre
   *[other] { $count } membres
})
completion-waiting = attend { $left } sur { $count }

## Pourquoi un transfert a échoué ou attend (fenêtre et ligne de commande)

# $reason : la phrase du code après une espace (« Not Found ») ou rien ;
# $advice : quoi faire (l'un des mots advice-…).
error-http = le serveur a répondu { $status }{ $reason }
error-http-advice = le serveur a répondu { $status }{ $reason } ; { $advice }
advice-credentials = donnez des identifiants (--user) ou un en-tête (-H)
advice-expired = le lien a peut-être expiré : donnez une nouvelle URL (ferry set-url)
advice-check-url = vérifiez l'URL
error-no-response = pas de réponse en { $timeout } s de { $url }
error-connect = impossible de se connecter à { $host }:{ $port } : { $cause }
error-untrusted-certificate = le certificat TLS de { $host }:{ $port } n'est pas reconnu ({ $cause }) ; { $hint }
certificate-pin-hint = son empreinte SHA-256 est { $fingerprint } : si c'est le certificat de votre serveur (comparez-la sur l'appareil), faites-lui confiance pour cet hôte avec --pin-cert { $fingerprint } ou « Faire confiance à ce certificat » dans la fenêtre
certificate-self-made-ca = c'est un certificat d'AC fait maison utilisé par le serveur lui-même, que --ca-cert ne peut pas rendre reconnu ; ferry vérifie toujours les certificats
certificate-always-verified = ferry vérifie toujours les certificats (une AC privée peut être ajoutée avec --ca-cert)
error-certificate-changed = le certificat TLS de { $host }:{ $port } n'est pas celui auquel vous avez fait confiance : il montre { $shown }, vous avez épinglé { $pinned }. Quelqu'un est peut-être entre vous et le serveur ; si le serveur a vraiment un nouveau certificat (comparez-le sur l'appareil), faites confiance au nouveau avec --pin-cert { $shown }
ftp-530 = le serveur FTP a refusé l'identification ; donnez le nom d'utilisateur avec --user NOM (anonymous a été essayé sans)
ftp-550 = pas de tel fichier sur le serveur FTP (ou il ne peut pas être lu)
ftp-421 = le serveur FTP ferme la connexion ou en a trop
ftp-425 = la connexion de données du serveur FTP a échoué
ftp-450 = le serveur FTP n'a pas pu lire le fichier pour l'instant
ftp-452 = le serveur FTP manque de place
ftp-refused = le serveur FTP a refusé
error-stalled = aucune donnée depuis { $secs } s ; la connexion est bloquée
error-too-slow = le serveur n'a envoyé que { $bytes } octets en { $secs } s (moins de { $minimum } octets/s) ; la connexion est trop lente
error-broke-at = la connexion a cassé à l'octet { $position } : { $cause }
error-closed-at = la connexion s'est fermée à l'octet { $position } sur { $total }
error-responses-do-not-fit = le serveur envoie sans cesse des réponses qui ne collent pas ({ $reason }) ; rien n'en a été écrit
error-fetched-too-much = { $fetched } octets reçus pour un fichier de { $total } octets sans le finir : le serveur coupe sans cesse et ne reprend pas ; réessayez plus tard ou depuis un autre serveur
error-bytes-missing = il manque encore { $missing } octets et il ne reste aucune connexion
error-invalid-header = l'en-tête « { $name } » n'est pas du HTTP valide ; ajoutez de nouveau le transfert avec un en-tête valide
error-cannot-write = impossible d'écrire { $path } : { $cause }
error-cannot-read = impossible de lire { $path } : { $cause }
error-cannot-publish = impossible de mettre { $path } en place : { $cause }
error-file-name = impossible de choisir un nom de fichier : { $cause }
error-checksum-mismatch = somme de contrôle différente : SHA-256 attendu { $expected }, obtenu { $actual } ; { $kept }
error-checksum-kept = le téléchargement a été gardé en { $path } (supprimez-le, ou vérifiez la source de la somme)
error-checksum-nothing-kept = rien n'a été gardé
error-recoverable-status = le serveur a répondu { $status } ; donnez une nouvelle URL (ferry set-url { $id } URL) pour reprendre
error-upload-redirected = le serveur a répondu { $status } et renvoie l'envoi vers { $location } ; ferry n'envoie pas de fichier là où on ne le lui a pas dit : envoyez vers cette URL
error-not-a-file = { $path } n'est pas un fichier ; ferry envoie des fichiers
error-file-changed = { $path } a changé pendant l'envoi ; il est renvoyé
error-part-file-replaced = le fichier .part a été remplacé par un que ferry n'a pas fait ({ $reason }) ; rien n'y a été écrit, et le téléchargement repart dans un nouveau fichier
# $delay : une durée (« 42 s »).
error-retrying = { $cause } ; nouvel essai dans { $delay }
error-secrets-missing = son mot de passe, ses en-têtes secrets ou ses cookies ne sont pas dans le trousseau (ferry ne les écrit nulle part ailleurs) ; redonnez-les : ferry resume ID --user NOM, Identifiants… dans la fenêtre, ou le même ferry get avec --user, -H ou --cookies
error-post-not-repeated = { $cause } ; ferry n'envoie jamais un POST deux fois de lui-même : reprenez-le pour l'envoyer de nouveau
error-not-resumable = le serveur ne prend pas les envois reprenables (tus 1.0) : { $what }
error-checksum-refused = le serveur a refusé un morceau { $times } fois pour une mauvaise somme de contrôle ; le réseau corrompt peut-être les données
error-internal = erreur interne : { $what }

## Notifications

notify-downloaded = Téléchargé : { $name } ({ $size })
notify-uploaded = Envoyé : { $name } ({ $size })
notify-download-failed = Échec du téléchargement : { $name }
notify-upload-failed = Échec de l'envoi : { $name }
notify-failed-names = Échoués : { $names }
notify-failed-names-more = Échoués : { $names } et { $more } de plus
notify-show-in-ferry = Montrer dans ferry
notify-open = Ouvrir
notify-show-in-folder = Montrer dans le dossier

## L'icône de la zone de notification : sa bulle et son menu

tray-nothing-running = Rien en cours
tray-running = { $count } en cours
# « 45 % de 1,20 Gio »
tray-percent-of = { $percent } de { $total }
tray-waiting = { $count } en attente
tray-quit = Quitter
tray-stop-and-quit = { $count ->
    [one] Arrêter le transfert en cours et quitter
   *[other] Arrêter les { $count } transferts en cours et quitter
}
tray-open = Ouvrir ferry
tray-show-monitor = Afficher le moniteur
tray-pause-all = Tout mettre en pause
tray-resume-all = Tout reprendre

## La boîte de dialogue de fichiers du bureau

file-dialog-waiting = La boîte de dialogue de fichiers du bureau se fait attendre ; vous pouvez saisir le chemin ici
file-dialog-unavailable = Aucune boîte de dialogue de fichiers n'a pu s'afficher (ni portail XDG ni zenity) ; saisissez le chemin ici
file-dialog-upload-title = Fichiers à envoyer
plot-speed-unit = Mio/s

## Catégories par type de fichier (les noms de ferry ; les dossiers les gardent)

category-videos = Vidéos
category-music = Musique
category-archives = Archives
category-documents = Documents
category-programs = Programmes
category-images = Images
category-other = Autres
add-sha256 = SHA-256
settings-ftp = FTP


## La ligne de commande : ferry get, add, put

cli-interrupted = interrompu ; { $what_now }
cli-output-takes-one-url = -o FICHIER prend une seule URL ; utilisez -d DOSSIER pour plusieurs
cli-sha256-one-url = --sha256 vérifie un seul fichier ; donnez une seule URL
cli-url-twice = la même URL est donnée deux fois : { $url }
cli-ftp-ssl-not-ftp = --ftp-ssl est pour les URL ftp://, pas { $url }
cli-accept-encoding-note = remarque : votre Accept-Encoding n'est pas envoyé ; ferry demande le fichier tel que le serveur le garde (identity), pour que les octets enregistrés soient ceux du fichier et qu'un téléchargement reprenne là où il s'est arrêté
cli-second-copy = remarque : le transfert { $id } télécharge aussi { $url }, dans { $folder } ; ceci en est une seconde copie
cli-invalid-file = fichier invalide { $path }
cli-cannot-read = impossible de lire { $path }
cli-put-not-a-file = { $path } n'est pas un fichier ; ferry put envoie un fichier
cli-cannot-read-stdin = impossible de lire les URL sur l'entrée standard
cli-cannot-read-list = impossible de lire la liste d'URL { $list }
cli-list-line = { $list } ligne { $line }
cli-no-url = aucune URL donnée ; usage : ferry get URL... [-i LISTE]
cli-invalid-output = chemin de sortie invalide { $path }
cli-output-is-folder = { $path } est un dossier ; utilisez -d pour télécharger dans un dossier
cli-invalid-folder = dossier invalide { $path }
cli-cannot-create-folder = impossible de créer le dossier { $path }
cli-no-current-folder = impossible de lire le dossier courant
cli-no-such-folder = le dossier n'existe pas : { $path }
cli-cannot-use-folder = impossible d'utiliser le dossier ({ $error }) : { $path }
cli-not-a-folder = pas un dossier : { $path }
cli-cannot-write-folder = impossible d'écrire dans le dossier { $path }
cli-user-shape = donnez les identifiants sous la forme --user NOM ou --user NOM:MOTDEPASSE
cli-password-prompt = mot de passe pour { $user }
cli-cannot-ask-password = impossible de demander le mot de passe de { $user } ({ $error }) ; donnez --user { $user }:MOTDEPASSE ou --netrc
cli-sha256-auto-needs-url = --sha256 auto a besoin de l'URL du téléchargement
cli-sha256-shape = --sha256 attend 64 chiffres hexadécimaux ou un fichier de sommes, reçu « { $given } »
cli-not-a-sha256 = « { $hash } » n'est pas un SHA-256 (64 chiffres hexadécimaux)
cli-no-sha256-line = aucune ligne pour { $name } dedans
cli-no-sha256-line-unnamed = aucune ligne pour le fichier dedans (donnez -o NOM)

## La ligne de commande : agir sur les transferts enregistrés

cli-interrupted-resume = interrompu ; `ferry resume { $id }` le continue
cli-paused = { $id } mis en pause
cli-canceled = { $id } annulé
cli-set-what = dites quoi changer : --priority, --cost-policy ou --limit-rate
cli-changed = { $id } modifié
cli-removed-keeping-partial = { $id } retiré (son fichier partiel reste)
cli-removed = { $id } retiré
cli-clear-what = dites quoi effacer : ferry clear --completed et/ou --failed
cli-cleared = { $count ->
    [one] { $count } transfert effacé
   *[other] { $count } transferts effacés
}
cli-next = téléchargé ensuite : { $id }
cli-resumed = { $id } repris
cli-url-set = URL de { $id } changée
cli-form-of = un formulaire de { $count ->
    [one] { $count } fichier
   *[other] { $count } fichiers
} ({ $files })
cli-form-and-fields = { $form } et { $fields ->
    [one] { $fields } champ
   *[other] { $fields } champs
}
cli-interrupted-remote = en pause dans le service de ferry ; relancez la même commande (ou `ferry resume ID`) pour continuer
cli-interrupted-local = relancez la même commande pour reprendre
cli-when-done-waits = l'action --when-done attend que chaque transfert soit fini
cli-when-done-outcome = à la fin : { $outcome }
cli-invalid-id = identifiant de transfert invalide « { $id } » ; les identifiants sont en hexadécimal, comme les montre `ferry list`
cli-no-such-id = aucun transfert d'identifiant { $id } ; voyez `ferry list`
cli-ambiguous-id = l'identifiant { $id } désigne { $count } transferts ; tapez plus de chiffres
cli-sent = { $what } envoyé à { $url }
cli-answered = il a répondu { $status }
cli-answered-with = il a répondu { $status } : { $text }
cli-saved = enregistré : { $path }
cli-no-data-folder = impossible de trouver un dossier de données (HOME est-il défini ?) ; passez --state-dir
cli-showing-saved-state = { $error } ; voici le dernier état enregistré
cli-windows-will-not-see = { $error } ; les autres fenêtres de ferry ne verront pas ces transferts

## La ligne de commande : ferry list

cli-no-transfers = aucun transfert
cli-column-id = ID
cli-column-status = ÉTAT
cli-column-progress = PROGRESSION
cli-column-speed = VITESSE
cli-column-eta = RESTE
cli-column-group = GROUPE
cli-column-name = NOM
# « 45 % de 1,20 Gio »
cli-percent-of = { $percent } de { $total }
# Une taille reçue quand le total n'est pas connu : « 12,00 Mio sur ? »
cli-size-unknown = { $done } sur ?
cli-status-interrupted = interrompu
cli-status-stopped = arrêté jusqu'au prochain lancement de ferry
cli-upload-name = envoi de { $name } vers { $host }

## La ligne de commande : progression

# Après la vitesse d'une barre en cours : le temps restant (« reste 3 min 05 s »).
cli-progress-left = reste { $left }
cli-progress-done = fini

## La ligne de commande : le service

cli-service-running-on = service { $pid } lancé sur { $folder }
cli-no-tray-icon = pas d'icône dans la zone de notification ({ $error }) ; ferry continue sans
cli-asked-to-quit = arrêt demandé
cli-quit-from-tray = arrêt depuis la zone de notification
cli-state-folder-gone = le dossier d'état a disparu ; arrêt
cli-nothing-to-do = plus rien à faire ; arrêt
cli-cannot-open-window = impossible d'ouvrir la fenêtre : { $error }
cli-no-service = aucun service ne tourne
cli-service-did-not-stop = le service (pid { $pid }) ne s'est pas arrêté en 30 s
cli-service-stopped = service { $pid } arrêté
cli-service-keeps-running = continue en arrière-plan une fois qu'une fenêtre l'a utilisé (ou que `ferry daemon` l'a lancé)
cli-service-stops-when-idle = s'arrête quand rien ne tourne ni n'attend et qu'aucune fenêtre n'est ouverte
cli-notifications-off = désactivées
cli-notifications-failures = seulement pour les échecs
cli-notifications-on = activées
cli-service-status = en cours (pid { $pid }) ; { $background } ; notifications { $notifications }
cli-service-not-running = arrêté
cli-cannot-write-output = impossible d'écrire la sortie : { $error }
cli-no-command = aucune commande donnée ; voyez `ferry --help`

## La ligne de commande : limites et politique

cli-download-limit = limite de réception : { $limit }
cli-upload-limit = limite d'envoi : { $limit }
cli-schedule-sets-limits = (les horaires fixent leurs propres limites : `ferry schedule`)
cli-policy-network = réseau :       { $network }
cli-policy-power = alimentation : { $power }
cli-policy-switches = réglages : facturé { $metered }, forfait dépassé { $over_limit }, données en arrière-plan bloquées { $block_background }, économie de batterie { $save_battery }, seuil de batterie { $threshold } %
cli-policy-waiting = en attente :   { $waiting }

## La ligne de commande : groupes

cli-group-serialized = le groupe « { $name } » fait un transfert à la fois
cli-group-parallel = le groupe « { $name } » fait tourner ses membres ensemble
cli-group-deleted = groupe « { $name } » supprimé ; ses transferts restent, hors de tout groupe
cli-group-when-done = à la fin du groupe « { $name } » : { $action }
cli-no-groups = pas encore de groupe ; `ferry group add NOM` en crée un
cli-column-when = FIN
cli-column-done-for = POUR
cli-column-action = ACTION
cli-column-state = ÉTAT
cli-column-behavior = MODE
cli-column-members = MEMBRES
cli-column-unfinished = INACHEVÉS
cli-column-when-done = À LA FIN
cli-behavior-serialized = un par un
cli-behavior-parallel = ensemble

## La ligne de commande : préchargement

cli-age-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
cli-age-seconds = { $count } s
cli-age-minutes = { $count } min
cli-age-hours = { $count } h
cli-prefetch-added = entrée de préchargement { $id } : { $url }, rafraîchie tous les { $interval } quand le réseau n'est pas facturé et que l'ordinateur est sur secteur
cli-prefetch-removed = entrée de préchargement { $id } retirée, avec ses copies
cli-prefetch-asked-waits = demandé ; le préchargement attend pour l'instant : { $reason }
cli-prefetch-asked = demandé ; `ferry prefetch list` montre quand chacune a été chargée
cli-prefetch-nothing = rien de préchargé ; `ferry prefetch add URL` en garde une copie fraîche
cli-column-every = TOUS LES
cli-column-last-fetched = DERNIER CHARGEMENT
cli-column-size = TAILLE
cli-column-url = URL
cli-never = jamais
cli-bad-prefetch-id = entrée de préchargement « { $id } » incorrecte : donnez son numéro d'après `ferry prefetch list`

## La ligne de commande : proxy, envois, horaires, lecture, fenêtre

cli-noproxy-needs-url = --noproxy va avec une URL de proxy : ferry proxy URL --noproxy LISTE
cli-noproxy-not-with = --noproxy va avec une URL de proxy, pas avec « { $setting } »
cli-proxy-environment = proxy : celui de l'environnement (http_proxy, https_proxy, all_proxy, no_proxy)
cli-proxy-none = proxy : aucun
cli-proxy-manual = proxy : { $url }
cli-proxy-manual-except = proxy : { $url }, sauf pour { $except }
cli-file-field-needs-name = --file-field a besoin d'un nom
cli-field-shape = --field « { $field } » invalide ; écrivez-le NOM=VALEUR
cli-upload-interrupted-resumable = relancez la même commande pour continuer là où le serveur en est
cli-upload-interrupted = relancez la même commande pour l'envoyer de nouveau
cli-no-schedule = pas d'horaires : les transferts tournent à toute heure, à la limite globale
cli-runs-at-any-time = tourne à toute heure
cli-transfer-went-away = le transfert a disparu
cli-stream-upload = { $id } est un envoi : il n'y a rien à lire
cli-no-streams = le service de ferry ne diffuse rien (son journal, service.log, dit pourquoi)
cli-where-installed = impossible de trouver où ferry est installé
cli-window-not-installed = la fenêtre n'est pas installée : { $path } manque (scripts/setup.sh l'installe à côté de ferry)
cli-cannot-start-window = impossible de lancer la fenêtre ({ $path })
cli-jobs-for-get = -j s'applique à `ferry get` ; le service en fait tourner autant que son réglage le dit

## Ce qui a été saisi, refusé (ligne de commande et fenêtre)

input-invalid-url = URL invalide « { $text } » : { $reason }
input-url-too-long = elle fait { $bytes } octets ; ferry prend des URL d'au plus { $most } octets
input-no-scheme = pas de schéma ; écrivez https://{ $typed } (ou http://, ftp://)
input-no-host = pas d'hôte
input-unsupported-scheme = schéma d'URL « { $scheme } » non pris en charge (ferry télécharge { $schemes }) : { $text }
input-unsupported-upload-scheme = ferry envoie par http et https, pas { $scheme } (FTP sert aux téléchargements) : { $text }
input-invalid-interval = intervalle « { $text } » incorrect : { $reason } ; écrivez-le comme 6h, 30m, 1d ou « 1h 30m »
input-interval-too-short = rafraîchir plus d'une fois par minute n'est pas proposé
input-unsupported-prefetch-scheme = ferry précharge par http et https, pas { $scheme } : { $text }
input-header-without-colon = en-tête « { $text } » invalide ; écrivez-le « Nom: valeur »
input-invalid-header-name = nom d'en-tête « { $name } » invalide
input-invalid-header-value = valeur invalide pour l'en-tête { $name }
input-invalid-rate = débit « { $text } » incorrect : { $reason }
input-rate-shape = donnez des octets par seconde comme 500K, 2M ou 1.5G
input-rate-positive = il doit être positif
input-rate-too-high = au plus 4G par seconde
input-invalid-group-name = nom de groupe « { $name } » incorrect : { $reason }
input-group-empty = un nom de groupe ne peut pas être vide
input-group-too-long = un nom de groupe fait au plus 64 caractères
input-group-control = un nom de groupe ne peut pas contenir de caractères de contrôle
input-invalid-time-window = plage horaire « { $text } » incorrecte : { $reason } ; écrivez-la comme « mon-fri 08:00-18:00 » ou « 22:00-06:00 »
input-window-days = jours inconnus
input-window-start-end = les heures demandent un début et une fin
input-window-clock = une heure n'est pas au format HH:MM
input-window-24 = une plage ne peut pas commencer à 24:00
input-program-not-found = impossible de lancer « { $name } » : { $reason }
input-no-program = aucun programme donné
input-not-executable = pas un fichier exécutable
input-not-in-path = introuvable dans PATH
input-invalid-when-done = --when-done « { $text } » incorrect ; écrivez notify, open-folder, open-file ou run PROGRAMME [ARG...], en dernier sur la ligne
input-path-not-utf8 = { $path } n'est pas de l'UTF-8 valide ; ferry garde sa liste en texte : renommez-le (ou son dossier) et réessayez
input-relative-path = { $path } est un chemin relatif ; le service a besoin de chemins absolus (la ligne de commande les fabrique)

## Le moteur a refusé

engine-unknown-transfer = aucun transfert d'identifiant { $id }
engine-duplicate-url = { $url } est déjà en cours de téléchargement (transfert { $other }) ; reprenez ou annulez celui-là
engine-stopped = le moteur s'est arrêté
engine-busy = le moteur est occupé ; réessayez
engine-duplicate-destination = un autre transfert ({ $other }) télécharge déjà vers { $path }
# $what : ce qui était demandé (l'un des mots engine-what-…).
engine-invalid-for-status = le transfert { $id } est { $status } ; { $what } n'est pas possible
engine-unknown-group = il n'y a pas de groupe « { $name } » ; `ferry group list` montre les groupes
engine-unknown-prefetch = il n'y a pas d'entrée de préchargement { $id } ; `ferry prefetch list` les montre
engine-duplicate-prefetch = { $url } est déjà dans la liste de préchargement (entrée { $other })
engine-unknown-completion-group = il n'y a pas de groupe de fin { $id } ; `ferry group list` les montre
engine-completion-group-enabled = le groupe de fin { $id } est déjà activé ; on ne peut ajouter des membres qu'avant
engine-relative-program = le programme de l'action doit être un chemin absolu (il a été cherché dans PATH à la création du groupe) : { $path }
engine-post-cannot-pause = le transfert { $id } est un POST, qui ne peut pas être mis en pause (il serait renvoyé depuis le début) ; annulez-le plutôt
engine-not-in-group = le transfert { $id } n'est dans aucun groupe ; seul un membre de groupe peut passer en tête
engine-cannot-start = impossible de démarrer le moteur : { $error }
engine-http-client = impossible de créer le client HTTP : { $error }
engine-ca-certificate = impossible d'utiliser le certificat d'AC { $path } : { $reason }
engine-unusable-proxy = le proxy de { $variable } ({ $proxy }) n'est pas utilisable par ferry ; donnez un proxy http://, https:// ou socks5://, ou videz { $variable }
engine-tls = impossible de préparer TLS : { $error }
engine-reader-needs-local = un fichier ne peut être lu pendant son téléchargement que dans le processus qui fait tourner le moteur
engine-already-known = déjà connu
engine-what-adding-again = l'ajouter de nouveau
engine-what-resuming = le reprendre
engine-what-pausing = le mettre en pause
engine-what-canceling = l'annuler
engine-what-making-current = le passer en tête

## La ligne de commande : options d'un transfert

cli-proxy-password-prompt = mot de passe de { $user } pour le proxy
cli-cannot-ask-proxy-password = impossible de demander le mot de passe de { $user } pour le proxy ({ $error }) ; écrivez-le dans l'URL du proxy
cli-pin-cert-not-https = --pin-cert fait confiance à un certificat TLS ; { $url } n'est pas en https
cli-pin-cert-one-host = --pin-cert fait confiance au certificat d'un seul serveur ; ces URL sont sur { $count } hôtes
cli-stays-in-group = { $id } reste dans le groupe « { $group } » ; --group ne s'applique qu'aux nouveaux transferts
cli-stays-in-no-group = { $id } reste hors de tout groupe ; --group ne s'applique qu'aux nouveaux transferts
cli-started-without-ftp-ssl = { $id } a été lancé sans --ftp-ssl ; retirez-le (ferry remove { $id }) et relancez ceci pour le charger par TLS
cli-keeps-pausing-on-battery = { $id } continue de se mettre en pause sur batterie faible ; --unconstrained ne s'applique qu'aux nouveaux transferts
cli-no-keyring = aucun trousseau ne répond ({ $reason }) ; mots de passe, en-têtes secrets et cookies restent en mémoire seulement, et après un redémarrage le transfert les attend

## La ligne de commande : le relais du navigateur

cli-browser-asks = les téléchargements du navigateur attendent dans la boîte de téléchargement de ferry
cli-browser-starts = les téléchargements du navigateur démarrent aussitôt, dans le dossier de téléchargement
cli-browser-removed = { $path } supprimé
cli-browser-uninstalled = le relais du navigateur est désinstallé ; retirez aussi l'extension de ferry dans le navigateur
cli-browser-host-installed = hôte installé
cli-browser-other-host = un manifeste pour un autre hôte ({ $path })
cli-browser-host-not-installed = hôte non installé : lancez `ferry browser install`
cli-browser-extension-folder = dossier de l'extension : { $folder }
cli-browser-extension-folder-unwritten = dossier de l'extension : { $folder } (pas encore écrit)
cli-browser-extension-ids = identifiants de l'extension : { $ids }
cli-browser-never-talked = son extension n'a pas encore parlé à ferry
cli-browser-last-talked = son extension a parlé à ferry il y a { $ago }
# « ID échoué : POURQUOI » et « ID échoué : POURQUOI : URL ».
cli-failed-line = { $id } { $status } : { $why }
cli-failed-line-url = { $id } { $status } : { $why } : { $url }

cli-column-added = AJOUTÉ
details-added = Ajouté le

## Pourquoi la politique retient un transfert (l'état en dit la première partie)

hold-no-network = pas de réseau
hold-portal = derrière un portail captif : connectez-vous au réseau
# $window : les heures des horaires (« mon-fri 22:00-06:00 »).
hold-outside-hours = hors des heures prévues (tourne { $window })
hold-on-battery = sur batterie
hold-background-blocked = les données en arrière-plan sont bloquées (ferry policy --block-background-data off)
hold-roaming = en itinérance : seuls les transferts à la politique de coût « always » tournent
hold-over-data-limit = forfait dépassé sur un réseau facturé : seule la politique de coût « always » tourne
hold-metered = le réseau est facturé à l'usage ; ce transfert ne tourne que sur un réseau non facturé
hold-battery-below = sur batterie en dessous de { $threshold } %
hold-power-saver = le mode économie d'énergie est actif
hold-save-battery = le réglage d'économie de batterie est actif (ferry policy --save-battery off)
hold-waiting-for-host = attend une connexion à { $host } (d'autres téléchargements les utilisent toutes ; Réglages › Connexions par serveur)

cli-switch-on = oui
cli-switch-off = non

## Joindre le service

service-unsafe-runtime = le dossier d'exécution { $path } n'est pas à cet utilisateur seul (il doit être un dossier à vous de mode 0700)
service-refused = le service de ferry a refusé ce client : { $reason }
service-garbled = le service de ferry a répondu sous une forme que ce ferry ne sait pas lire (une autre version ?) ; arrêtez-le avec `ferry quit` et réessayez
service-silent = le service de ferry n'a pas répondu à temps
service-lost = la connexion au service de ferry a été perdue
service-did-not-start = le service de ferry n'a pas démarré ; son journal est { $log }
service-did-not-start-because = le service de ferry n'a pas démarré ({ $last_line }) ; son journal est { $log }

## Les horaires, ligne par ligne (`ferry schedule`, Réglages)

# $window : jours et heures comme `ferry schedule` les prend (« mon-fri 08:00-18:00 »).
schedule-limit = limite { $window } : { $limit }
schedule-only-between = seulement { $window }

cli-browser-none-found = aucun navigateur trouvé pour cet utilisateur (ferry cherche Chromium, Chrome, Brave, Edge, Vivaldi, Opera, Firefox, LibreWolf et leurs Flatpaks) ; relancez ceci après en avoir démarré un une fois
cli-browser-extension-steps = l'extension : { $folder }
      Famille Chromium : ouvrez chrome://extensions, activez le mode développeur, « Charger l'extension non empaquetée », choisissez ce dossier (son identifiant est { $id })
      Firefox : ouvrez about:debugging, « Ce Firefox », « Charger un module complémentaire temporaire », choisissez manifest.json dedans

## Erreurs de fichiers et de socket du service (« impossible d'ouvrir CHEMIN : pourquoi »)

service-io-start-runtime = impossible de démarrer l'environnement d'exécution du service
service-io-start-thread = impossible de démarrer le fil du service
service-io-start-client-runtime = impossible de démarrer l'environnement d'exécution du client
service-io-start-client-thread = impossible de démarrer le fil du client
service-io-connect = impossible de se connecter à
service-io-create = impossible de créer
service-io-open = impossible d'ouvrir
service-io-resolve = impossible de résoudre
service-io-start-service = impossible de démarrer le service
service-io-resolve-state = impossible de résoudre le dossier d'état
service-io-create-runtime = impossible de créer le dossier d'exécution
service-io-read = impossible de lire
service-io-remove-socket = impossible de retirer l'ancienne socket
service-io-listen = impossible d'écouter sur
service-io-restrict = impossible de restreindre

# $what : l'un des mots service-io-….
service-io = { $what } { $path } : { $error }

