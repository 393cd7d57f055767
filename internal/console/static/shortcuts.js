(function(){var items=[].slice.call(document.querySelectorAll('[data-item]'));var at=0;
function mark(i){if(!items.length)return;at=Math.max(0,Math.min(items.length-1,i));items.forEach(function(e,j){e.classList.toggle('current',j===at)});items[at].scrollIntoView({block:'nearest'})}
function act(name){var it=items[at];if(!it)return;var el=it.querySelector('[data-key="'+name+'"]');if(!el)return;if(el.tagName==='BUTTON'||el.tagName==='A'){el.click()}else{el.focus()}}
document.addEventListener('keydown',function(e){var t=e.target.tagName;if(t==='INPUT'||t==='TEXTAREA'||t==='SELECT'||e.ctrlKey||e.metaKey||e.altKey)return;
var k=e.key;if(k==='j'){mark(at+1)}else if(k==='k'){mark(at-1)}else if(k==='a'){act('a')}else if(k==='e'){act('e')}else if(k==='r'){act('r')}else{return}e.preventDefault()});mark(0)})();
